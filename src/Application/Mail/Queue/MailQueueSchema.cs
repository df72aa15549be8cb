using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Desktomy.Email.Application.Mail.Queue;

/// <summary>
/// The mail queue's table, one row per delivery still to be sent, in the service's schema. Registered as a Marten
/// feature, so `db-apply`, `resources setup` and start-up schema creation make it as they make Marten's own tables.
/// </summary>
public sealed class MailQueueSchema(string schema, Migrator migrator) : FeatureSchemaBase("MailQueueRows", migrator)
{
    public const string TableName = "mail_queue";

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").AsPrimaryKey();
        table.AddColumn<string>("delivery_id").AsPrimaryKey();
        table.AddColumn("due_at", "timestamptz").NotNull();
        table.AddColumn("claim", "uuid");
        table.AddColumn("lease_until", "timestamptz");
        table.AddColumn("failures", "integer").NotNull().DefaultValueByExpression("0");

        // The claim takes the earliest due rows: an index in due order serves it without a sort of the whole queue.
        table.Indexes.Add(new IndexDefinition($"{TableName}_idx_due_at") { Columns = ["due_at"] });
        yield return table;
    }
}
