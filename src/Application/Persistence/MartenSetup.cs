using Desktomy.Email.Application.Mail;
using Desktomy.Email.Application.Mail.Queue;
using Desktomy.Email.Application.Secrets;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Settings;
using JasperFx;
using JasperFx.Events;
using JasperFx.MultiTenancy;
using Marten;
using Marten.Schema;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace Desktomy.Email.Application.Persistence;

/// <summary>The event store and documents: conjoined tenancy (tenant id from the route), one stream per tenant.</summary>
public static class MartenSetup
{
    public const string DefaultSchema = "desktomy_email";

    public static void Configure(StoreOptions options, string connectionString, string schema, AutoCreate schemaChanges)
    {
        options.Connection(WithPreparedStatements(WithoutConnectionReset(connectionString)));
        options.DatabaseSchemaName = schema;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        options.AutoCreateSchemaObjects = schemaChanges;

        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.TenancyStyle = TenancyStyle.Conjoined;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.UserNameEnabled = true;
        options.Policies.AllDocumentsAreMultiTenanted();

        options.Events.AddEventType<PrimaryEmailSet>();
        options.Events.AddEventType<SenderNameChanged>();
        options.Events.AddEventType<OwnSmtpEnabled>();
        options.Events.AddEventType<OwnSmtpUpdated>();
        options.Events.AddEventType<OwnSmtpDisabled>();
        options.Events.AddEventType<SettingsRolledBack>();
        options.Events.AddEventType<SmtpPasswordErased>();
        options.Events.AddEventType<SettingsImported>();

        options.Events.AddEventType<MailQueued>();
        options.Events.AddEventType<MailAttemptFailed>();
        options.Events.AddEventType<MailSent>();
        options.Events.AddEventType<MailFailed>();

        options.Events.AddEventType<MailRetryRequested>();
        options.Events.AddEventType<MailCancelled>();

        options.Schema.For<Delivery>().Duplicate(d => d.QueuedAt); // written with its events (DeliveryWrites), not by a projection
        options.Storage.Add(new MailQueueSchema(schema, options.Advanced.Migrator));
        options.Schema.For<EmailSettingsDocument>(); // written by SettingsWriter with the events, not by a projection
        options.Schema.For<MailContent>();
        options.Schema.For<IdempotencyRecord>();
        options.Schema.For<EmailSettingsVersion>();
        options.Policies.ForAllDocuments(IndexVersionsPerTenant);
        options.Schema.For<TenantDataKey>();
    }

    /// <summary>
    /// Time travel by date (<c>?asOf</c>) takes one tenant's latest version at or before a moment. <c>Duplicate()</c>
    /// would index the version alone (or append tenant_id last), which makes that query walk every tenant's versions;
    /// the version is duplicated here without that index, and indexed as (tenant_id, version). The moment is duplicated
    /// without an index too: the query walks the tenant's versions backwards from the latest and stops at the first at
    /// or before it, and an index of every tenant's moments served no query while every settings command wrote to it.
    /// (History pages load their versions by primary key.)
    /// </summary>
    private static void IndexVersionsPerTenant(DocumentMapping mapping)
    {
        if (mapping.DocumentType != typeof(EmailSettingsVersion))
        {
            return;
        }

        mapping.DuplicateField(nameof(EmailSettingsVersion.Version), notNull: true);
        mapping.DuplicateField(nameof(EmailSettingsVersion.OccurredAt));
        mapping.Indexes.Add(new IndexDefinition($"{mapping.TableName.Name}_idx_tenant_version") { Columns = ["tenant_id", "version"] });
    }

    /// <summary>
    /// Npgsql prepares a statement on a connection once it has run there twice (at most 64 per connection): Marten sends
    /// the same few statements for every settings command and read, and PostgreSQL parsed and planned each again (a
    /// settings read cost PostgreSQL 0.155 ms of CPU against 0.021 ms for the same point SELECT prepared). Explicit
    /// <c>Max Auto Prepare</c> or <c>Auto Prepare Min Usages</c> in the connection string win.
    /// </summary>
    public static string WithPreparedStatements(string connectionString)
    {
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.ContainsKey("Max Auto Prepare") || written.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 };
        if (!written.ContainsKey("Auto Prepare Min Usages") && !written.ContainsKey("AutoPrepareMinUsages"))
        {
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Npgsql resets a connection (DISCARD ALL) each time it goes back to the pool. Marten and the mail queue keep no
    /// session state on pooled connections (Marten's migration advisory locks live on a connection it holds), and the reset
    /// also drops the cached plans of Marten's append function, which made it re-plan its statements on every command.
    /// An explicit <c>No Reset On Close</c> in the connection string wins.
    /// </summary>
    public static string WithoutConnectionReset(string connectionString)
    {
        // Npgsql's own builder claims to contain every keyword it knows; the plain one holds only what was written.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return written.ContainsKey("No Reset On Close") || written.ContainsKey("NoResetOnClose")
            ? connectionString
            : new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;
    }
}
