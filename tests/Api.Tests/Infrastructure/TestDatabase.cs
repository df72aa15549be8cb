using Npgsql;

namespace Desktomy.Email.Api.Tests.Infrastructure;

public static class TestDatabase
{
    /// <summary>Drops a service schema.</summary>
    public static async Task DropSchemasAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
