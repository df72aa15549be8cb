using System.Text.Json.Nodes;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Import;

/// <summary>Lines of the previous store's NDJSON export, as docs/import.md describes them.</summary>
public static class LegacyExport
{
    /// <summary>A tenant with a sender name and no own SMTP.</summary>
    public static JsonObject Basic(string tenant) => new()
    {
        ["klient"] = tenant,
        ["email_zwrotny"] = "biuro@acme.pl",
        ["nazwa_nadawcy"] = "Biuro Acme",
        ["wlasny_smtp"] = false,
        ["smtp"] = null,
        ["zmieniono"] = "2023-03-01T10:00:00Z",
        ["zmienil"] = "jan.kowalski",
    };

    /// <summary>A tenant using its own SMTP server on loopback, with a login and the test servers' password.</summary>
    public static JsonObject OwnSmtp(string tenant, int port, string security = "SSL", string? password = SmtpServers.Password)
    {
        var line = Basic(tenant);
        line["wlasny_smtp"] = true;
        line["smtp"] = new JsonObject
        {
            ["email_nadawcy"] = "poczta@acme.pl",
            ["serwer"] = "127.0.0.1",
            ["port"] = port,
            ["szyfrowanie"] = security,
            ["login"] = SmtpServers.Username,
            ["haslo"] = password,
            ["zaawansowane"] = new JsonObject { ["helo"] = null, ["timeout"] = 5, ["weryfikuj_certyfikat"] = false, ["metoda_auth"] = "AUTO" },
        };
        return line;
    }

    public static string File(params JsonNode[] lines) => string.Join('\n', lines.Select(l => l.ToJsonString())) + "\n";
}
