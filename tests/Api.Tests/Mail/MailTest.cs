using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.MailCatcher;
using Npgsql;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>A delivery's row in the mail queue, as the test reads it straight from the database.</summary>
public sealed record QueueRow(DateTimeOffset DueAt, Guid? Claim, DateTimeOffset? LeaseUntil, int Failures);

/// <summary>Steps of the mail tests: sending, reading deliveries as typed replies, and watching the mail queue work.</summary>
public abstract class MailTest(ApiFactory factory) : ApiTest(factory)
{
    protected static string Emails(string tenant) => $"/api/v1/tenants/{tenant}/emails";

    protected async Task<DeliveryReply> FinishedAsync(string tenant, string id) =>
        System.Text.Json.JsonSerializer.Deserialize<DeliveryReply>(await FinishedDeliveryAsync(tenant, id), MailReplies.Json)!;

    /// <summary>A tenant whose mail goes through <paramref name="held"/>, and its mail 0, which the worker is sending and the server holds.</summary>
    protected async Task<(string Tenant, string Sending)> SendingHeldAsync(HeldSmtpServer held)
    {
        var tenant = await TenantWithOwnServerAsync(held.Server);
        var sending = await QueuedAsync(tenant, 0);
        await held.ReachedAsync("the first mail never reached the server");
        return (tenant, sending);
    }

    /// <summary>A configured tenant whose mail goes through <paramref name="server"/> (own SMTP, no TLS, no login).</summary>
    protected async Task<string> TenantWithOwnServerAsync(MailCatcherServer server)
    {
        var tenant = await ConfiguredTenantAsync();
        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", SmtpForm(server, "None", username: null, password: null));
        Assert.Equal(200, reply.Status);
        return tenant;
    }

    protected async Task<DeliveryReply> SendAndFinishAsync(string tenant, object mail)
    {
        var accepted = await Admin(tenant).PostAsync(Emails(tenant), mail);
        Assert.Equal(202, accepted.Status);
        return await FinishedAsync(tenant, accepted.As<QueuedReply>().Id);
    }

    /// <summary>
    /// How many transactions wrote the <paramref name="eventType"/> events of these deliveries (PostgreSQL's xmin of
    /// their rows, which nothing updates later), of one tenant or, with <paramref name="tenant"/> null, of any.
    /// </summary>
    protected async Task<long> TransactionsWritingAsync(string eventType, string? tenant, string[] ids)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select count(distinct xmin::text) from {Factory.Schema}.mt_events where type = $1 and ($2::text is null or tenant_id = $2) and stream_id = any($3)", connection)
        {
            Parameters = { new() { Value = eventType }, new() { Value = (object?)tenant ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text }, new() { Value = ids } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Mail <paramref name="i"/> of a test: to klient<paramref name="i"/>@example.com, subject "Mail <paramref name="i"/>".</summary>
    protected static object NumberedMail(int i) => new { to = new[] { $"klient{i}@example.com" }, subject = $"Mail {i}", textBody = "x" };

    /// <summary>Posts <see cref="NumberedMail"/>; the id of the accepted delivery.</summary>
    protected async Task<string> QueuedAsync(string tenant, int i)
    {
        var accepted = await Admin(tenant).PostAsync(Emails(tenant), NumberedMail(i));
        Assert.Equal(202, accepted.Status);
        return accepted.As<QueuedReply>().Id;
    }

    /// <summary>The delivery's queue row, or null when it has none (finished or cancelled).</summary>
    protected async Task<QueueRow?> QueueRowAsync(string tenant, string id)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select due_at, claim, lease_until, failures from {Factory.Schema}.mail_queue where tenant_id = $1 and delivery_id = $2", connection)
        {
            Parameters = { new() { Value = tenant }, new() { Value = id } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new QueueRow(
                reader.GetFieldValue<DateTimeOffset>(0),
                reader.IsDBNull(1) ? null : reader.GetGuid(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetInt32(3))
            : null;
    }

    /// <summary>Waits until the delivery's queue row meets <paramref name="condition"/> (null: it has none).</summary>
    protected async Task<QueueRow?> QueueRowWhenAsync(string tenant, string id, Func<QueueRow?, bool> condition, string what)
    {
        QueueRow? row = null;
        await Eventually.HoldsAsync(
            async () => condition(row = await QueueRowAsync(tenant, id)),
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(20),
            () => Task.FromResult($"the queue row of {id} never {what}; it is {row?.ToString() ?? "gone"}"));
        return row;
    }

    /// <summary>Puts a delivery's row back in the queue, due now, as a duplicate of its queueing would; waits until the queue has taken it away again.</summary>
    protected async Task RequeueAndWaitAsync(string tenant, string id, DateTimeOffset now)
    {
        await using (var connection = new NpgsqlConnection(ApiFactory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"insert into {Factory.Schema}.mail_queue (tenant_id, delivery_id, due_at) values ($1, $2, $3)", connection)
            {
                Parameters = { new() { Value = tenant }, new() { Value = id }, new() { Value = now } },
            };
            await command.ExecuteNonQueryAsync();
        }

        await QueueRowWhenAsync(tenant, id, row => row is null, "went away");
    }

    protected async Task<IReadOnlyList<object>> DeliveryEventsAsync(string tenant, string id)
    {
        await using var session = Factory.Store.QuerySession(tenant);
        return [.. (await session.Events.FetchStreamAsync(id)).Select(e => e.Data)];
    }

    /// <summary>Waits until the delivery's stream has at least <paramref name="count"/> events.</summary>
    protected async Task<IReadOnlyList<object>> DeliveryEventsWhenAsync(string tenant, string id, int count)
    {
        IReadOnlyList<object> events = [];
        await Eventually.HoldsAsync(
            async () => (events = await DeliveryEventsAsync(tenant, id)).Count >= count,
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(20),
            () => Task.FromResult($"delivery {id} has {events.Count} events, not {count}"));
        return events;
    }
}
