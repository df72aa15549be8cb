using System.Text.Json.Nodes;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Application.Mail.Queue;
using Desktomy.Email.Application.Persistence;
using JasperFx;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>
/// The claim's plan on the statistics a queue table really has: autovacuum analyzes it whenever it passes, often while
/// the queue is empty, and the plan made on "empty" then meets a long queue. The claim must still take it in one pass
/// (it ran the locking scan once per queue row before: 214 ms per claim of 100 from 6,000 queued mails).
/// </summary>
public sealed class MailClaimPlanTests : IAsyncLifetime
{
    private const int Queued = 2000;
    private const int Limit = 100;
    private readonly string _schema = $"claim_{Guid.NewGuid():N}"[..20];
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = DocumentStore.For(options => MartenSetup.Configure(options, ApiFactory.ConnectionString, _schema, AutoCreate.All));
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await TestDatabase.DropSchemasAsync(_schema);
    }

    [Fact]
    public async Task a_claim_planned_on_an_empty_queue_takes_a_long_queue_in_one_pass()
    {
        var claimSql = new MailQueueRows(_store, new MailHandOff(Options.Create(new MailDeliveryOptions()))).ClaimSql;
        var now = DateTimeOffset.UtcNow;
        var arguments = $"(gen_random_uuid(), '{now:O}'::timestamptz, interval '1 minute', {Limit})";
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();

        // As a prepared statement's plan is kept on a pooled connection: made while the queue was empty and analyzed as
        // such (the generic plan, cached at its first execution), then used on a long queue.
        await ExecuteAsync(connection, $"analyze {_schema}.{MailQueueSchema.TableName}");
        await ExecuteAsync(connection, "set plan_cache_mode = force_generic_plan");
        await ExecuteAsync(connection, $"prepare claim (uuid, timestamptz, interval, integer) as {claimSql}");
        await ExecuteAsync(connection, $"execute claim {arguments}");
        await ExecuteAsync(
            connection,
            $"insert into {_schema}.{MailQueueSchema.TableName} (tenant_id, delivery_id, due_at) select 'tenant', 'mail-' || i, '{now:O}'::timestamptz - i * interval '1 ms' from generate_series(1, {Queued}) i");

        await using var transaction = await connection.BeginTransactionAsync();
        await using var explain = new NpgsqlCommand($"explain (analyze, format json) execute claim {arguments}", connection, transaction);
        var plan = JsonNode.Parse((string)(await explain.ExecuteScalarAsync())!)![0]!["Plan"]!;
        await transaction.RollbackAsync();

        // The rows every node of the plan handled, over all its loops: the old join re-ran the locking scan once per
        // queue row (2,000 loops of 100 locked rows, 199,900 removed by the join's filter).
        var rowsHandled = Nodes(plan).Sum(n => (Number(n, "Actual Rows") + Number(n, "Rows Removed by Filter") + Number(n, "Rows Removed by Join Filter")) * Number(n, "Actual Loops"));
        var claimed = Nodes(plan).Where(n => n["Node Type"]?.GetValue<string>() == "ModifyTable").Sum(n => Number(n, "Actual Rows"));

        Assert.Equal(Limit, claimed);
        Assert.InRange(rowsHandled, Queued, 5 * Queued);
    }

    private static IEnumerable<JsonNode> Nodes(JsonNode node) =>
        [node, .. (node["Plans"]?.AsArray() ?? []).SelectMany(child => Nodes(child!))];

    private static double Number(JsonNode node, string name) => node[name]?.GetValue<double>() ?? 0;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
