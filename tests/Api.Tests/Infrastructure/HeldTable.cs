using Npgsql;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>
/// An open transaction that holds a table in SHARE mode: a statement that writes to the table waits until
/// <see cref="ReleaseAsync"/>, so the tests can make other writes arrive while it is in flight.
/// </summary>
public sealed class HeldTable : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    private HeldTable(NpgsqlConnection connection) => _connection = connection;

    public static async Task<HeldTable> HoldAsync(string qualifiedName)
    {
        var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"begin; lock table {qualifiedName} in share mode", connection);
        await command.ExecuteNonQueryAsync();
        return new HeldTable(connection);
    }

    public async Task ReleaseAsync()
    {
        await using var command = new NpgsqlCommand("commit", _connection);
        await command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
