using Desktomy.Email.Application.Mail;
using Desktomy.Email.Application.Secrets;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Settings;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using Marten;
using Weasel.Core;

namespace Desktomy.Email.Application.Persistence;

/// <summary>The event store and documents: conjoined tenancy (tenant id from the route), one stream per tenant.</summary>
public static class MartenSetup
{
    public const string DefaultSchema = "desktomy_email";

    public static void Configure(StoreOptions options, string connectionString, string schema, AutoCreate schemaChanges)
    {
        options.Connection(connectionString);
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

        options.Events.AddEventType<MailQueued>();
        options.Events.AddEventType<MailAttemptFailed>();
        options.Events.AddEventType<MailSent>();
        options.Events.AddEventType<MailFailed>();

        options.Projections.Add<EmailSettingsProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<DeliveryProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<Delivery>().Duplicate(d => d.QueuedAt);
        options.Schema.For<MailContent>();
        options.Schema.For<IdempotencyRecord>();
        options.Schema.For<EmailSettingsVersion>().Duplicate(v => v.Version).Duplicate(v => v.OccurredAt);
        options.Schema.For<TenantDataKey>();
    }
}
