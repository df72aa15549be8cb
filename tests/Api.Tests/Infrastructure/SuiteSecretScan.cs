using System.Text;
using Npgsql;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>
/// After the whole suite on a factory: every row of its schema (events, documents, the mail queue) and every
/// captured log line is searched for every password the suite typed. Finding one fails the run.
/// </summary>
public static class SuiteSecretScan
{
    /// <summary>
    /// Every plaintext password and OAuth 2.0 secret a test in this run sent to the service; of a PEM private key, a
    /// line of its base64 body (the whole text would be stored with escaped line breaks).
    /// </summary>
    public static readonly IReadOnlyList<string> Passwords =
    [
        SmtpServers.Password, "not-the-password", "wrong-one", "Wr0ng-but-still-secret-9731",
        OAuth2.OAuth2Setup.ClientSecret, OAuth2.OAuth2SettingsTests.WrongSecret,
        OAuth2.OAuth2Setup.GooglePrivateKey.Split('\n')[1], OAuth2.OAuth2SettingsTests.ForeignPrivateKey.Split('\n')[1],
    ];

    public static async Task AssertCleanAsync(string schema, CapturedLogs logs)
    {
        var dump = await DumpSchemaAsync(schema);
        var leaks = Passwords
            .Where(secret => dump.Contains(secret, StringComparison.Ordinal)
                || dump.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), StringComparison.Ordinal)
                || logs.Lines.Any(line => line.Contains(secret, StringComparison.Ordinal)))
            .ToList();
        if (leaks.Count > 0)
        {
            throw new InvalidOperationException($"{leaks.Count} plaintext password(s) used by the suite were found in the database or the logs.");
        }
    }

    /// <summary>Every row of every table in <paramref name="schema"/> as text, each table introduced by its name.</summary>
    public static async Task<string> DumpSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select table_name from information_schema.tables where table_schema = @schema", connection))
        {
            list.Parameters.AddWithValue("schema", schema);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            dump.AppendLine(table);
            await using var rows = new NpgsqlCommand($"select t::text from {schema}.\"{table}\" t", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                dump.AppendLine(reader.GetString(0));
            }
        }

        return dump.ToString();
    }
}
