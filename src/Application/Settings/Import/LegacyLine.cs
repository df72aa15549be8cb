using System.Globalization;
using System.Text.Json;
using Desktomy.Email.Domain;
using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;
using Desktomy.Email.Domain.Tenants;

namespace Desktomy.Email.Application.Settings.Import;

/// <summary>What one line of the previous store's export says: a candidate to import, or the errors keyed by legacy field.</summary>
public sealed record LineCheck(string? TenantId, ImportCandidate? Candidate, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// One tenant of the previous store's NDJSON export (docs/import.md), checked with the API's rules: every value goes
/// through the same domain value objects, and errors name the legacy field (<c>smtp.port</c>, <c>email_zwrotny</c>).
/// Messages never repeat a value from the line.
/// </summary>
public static class LegacyLine
{
    public const string WholeLine = "line";
    public const int MaxChangedByLength = 200;

    private static readonly JsonDocumentOptions Json = new() { MaxDepth = 8, AllowDuplicateProperties = false };

    private static readonly string[] TopFields = ["klient", "email_zwrotny", "nazwa_nadawcy", "wlasny_smtp", "smtp", "zmieniono", "zmienil"];
    private static readonly string[] SmtpFields = ["email_nadawcy", "serwer", "port", "szyfrowanie", "login", "haslo", "zaawansowane"];
    private static readonly string[] AdvancedFields = ["helo", "timeout", "weryfikuj_certyfikat", "metoda_auth"];

    private static readonly Dictionary<string, SmtpSecurity> Security = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SSL"] = SmtpSecurity.SslOnConnect,
        ["TLS"] = SmtpSecurity.StartTls,
        ["BRAK"] = SmtpSecurity.None,
    };

    private static readonly Dictionary<string, SmtpAuthMechanism> AuthMechanisms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AUTO"] = SmtpAuthMechanism.Auto,
        ["PLAIN"] = SmtpAuthMechanism.Plain,
        ["LOGIN"] = SmtpAuthMechanism.Login,
        ["CRAM-MD5"] = SmtpAuthMechanism.CramMd5,
        ["BRAK"] = SmtpAuthMechanism.None,
    };

    public static LineCheck Check(ReadOnlyMemory<byte> line)
    {
        if (line.Span.Contains((byte)'\r') || line.Span.Contains((byte)0))
        {
            return Fail(WholeLine, "The line contains a carriage return or a NUL byte: lines end with LF alone, and values cannot hold line breaks or NUL.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, Json);
        }
        catch (JsonException)
        {
            return Fail(WholeLine, "The line is not valid JSON (one JSON object per line, UTF-8, no duplicate fields).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Fail(WholeLine, "The line must be one JSON object.");
            }

            var fields = new LegacyFields();
            var candidate = Read(document.RootElement, fields);
            return new LineCheck(fields.TenantId, fields.Errors.Count == 0 ? candidate : null, fields.Result());
        }
    }

    private static ImportCandidate? Read(JsonElement root, LegacyFields fields)
    {
        fields.OnlyKnown(root, "", TopFields);

        var tenantId = fields.String(root, "klient", required: true);
        if (tenantId is not null && !TenantId.IsValid(tenantId))
        {
            fields.Add("klient", $"The tenant id must have {TenantId.MinLength} to {TenantId.MaxLength} characters of a-z, 0-9 and '-'.");
        }
        else
        {
            fields.TenantId = tenantId;
        }

        var primary = fields.Checked<EmailAddress>(root, "email_zwrotny", required: true, value => EmailAddress.TryCreate(value, out var address, out var error) ? (address, null) : (null, error));
        var senderName = fields.Checked<SenderName>(root, "nazwa_nadawcy", required: false, value => SenderName.TryCreate(value, out var name, out var error) ? (name, null) : (null, error));
        var ownSmtpOn = fields.Bool(root, "wlasny_smtp", "wlasny_smtp", required: true) ?? false;
        var smtpElement = fields.Object(root, "smtp", "smtp");
        if (ownSmtpOn && smtpElement is null && !fields.Errors.ContainsKey("smtp"))
        {
            fields.Add("smtp", "Own SMTP is on (wlasny_smtp) but the line has no smtp settings.");
        }

        var (smtp, password) = smtpElement is { } element ? ReadSmtp(element, ownSmtpOn, fields) : (null, null);
        var changedAt = fields.Checked<DateTimeOffset?>(root, "zmieniono", required: false, value =>
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) && value.Contains('T', StringComparison.Ordinal)
                ? (at, null)
                : (null, "The change time must be an ISO-8601 date and time, like 2023-03-01T10:00:00Z."));
        var changedBy = fields.Checked<string>(root, "zmienil", required: false, value =>
            value.Length > MaxChangedByLength || TextRules.HasControlCharacters(value)
                ? (null, $"Who changed the settings must be at most {MaxChangedByLength} characters without line breaks or control characters.")
                : (value, null));

        if (fields.Errors.Count > 0)
        {
            return null;
        }

        var settings = new EmailSettings(tenantId!, primary!.Value, senderName?.Value, ownSmtpOn, smtp);
        return new ImportCandidate(settings, password, new ImportSource(changedAt, changedBy));
    }

    private static (OwnSmtpConfiguration? Smtp, string? Password) ReadSmtp(JsonElement smtp, bool ownSmtpOn, LegacyFields fields)
    {
        fields.OnlyKnown(smtp, "smtp.", SmtpFields);
        var senderEmail = fields.Checked<EmailAddress>(smtp, "email_nadawcy", "smtp.email_nadawcy", required: true, value => EmailAddress.TryCreate(value, out var address, out var error) ? (address, null) : (null, error));
        var host = fields.String(smtp, "serwer", "smtp.serwer", required: false);
        fields.AddIf("smtp.serwer", fields.Errors.ContainsKey("smtp.serwer") ? null : SmtpEndpoint.HostError(host));
        var port = fields.Int(smtp, "port", "smtp.port");
        fields.AddIf("smtp.port", fields.Errors.ContainsKey("smtp.port") ? null : SmtpEndpoint.PortError(port));
        var security = fields.Checked<SmtpSecurity?>(smtp, "szyfrowanie", "smtp.szyfrowanie", required: false, value =>
            Security.TryGetValue(value, out var known) ? (known, null) : (null, "Encryption must be SSL, TLS or BRAK."));
        var login = fields.String(smtp, "login", "smtp.login", required: false);
        login = string.IsNullOrWhiteSpace(login) ? null : login;
        fields.AddIf("smtp.login", login is null ? null : SmtpCredentials.UsernameError(login));
        var password = fields.String(smtp, "haslo", "smtp.haslo", required: false);
        password = string.IsNullOrEmpty(password) ? null : password;
        fields.AddIf("smtp.haslo", password is null ? null : SmtpCredentials.PasswordError(password));
        var advanced = fields.Object(smtp, "zaawansowane", "smtp.zaawansowane") is { } element ? ReadAdvanced(element, fields) : SmtpAdvancedOptions.Default;

        if (ownSmtpOn || password is not null)
        {
            CheckPasswordRule(login, password, fields);
        }

        return senderEmail is not null && advanced is not null && SmtpEndpoint.TryCreate(host, port ?? 0, security, out var endpoint, out _)
            ? (new OwnSmtpConfiguration(senderEmail.Value, endpoint.Host, endpoint.Port, endpoint.Security, login, null, advanced), password)
            : (null, null);
    }

    /// <summary>The API's rule: a password needs a login, and own SMTP in use with a login needs its password.</summary>
    private static void CheckPasswordRule(string? login, string? password, LegacyFields fields)
    {
        // The rule looks at the login alone, so the rest of the destination does not have to be valid to check it.
        var requested = new OwnSmtpConfiguration(string.Empty, string.Empty, 0, SmtpSecurity.None, login, null, SmtpAdvancedOptions.Default);
        try
        {
            EmailSettingsDecider.PasswordSourceFor(stored: null, requested, passwordTyped: password is not null);
        }
        catch (SettingsRuleViolationException e)
        {
            fields.Add("smtp.haslo", e.Message);
        }
    }

    private static SmtpAdvancedOptions? ReadAdvanced(JsonElement advanced, LegacyFields fields)
    {
        const string Path = "smtp.zaawansowane.";
        fields.OnlyKnown(advanced, Path, AdvancedFields);
        var helo = fields.String(advanced, "helo", Path + "helo", required: false);
        helo = string.IsNullOrWhiteSpace(helo) ? null : helo.Trim();
        fields.AddIf(Path + "helo", SmtpAdvancedOptions.IsValidHeloName(helo) ? null : "The HELO name must be a host name, like mail.example.com.");
        var timeout = fields.Int(advanced, "timeout", Path + "timeout");
        fields.AddIf(Path + "timeout", timeout is null || SmtpAdvancedOptions.IsValidTimeout(timeout.Value)
            ? null
            : $"The timeout must be between {SmtpAdvancedOptions.MinTimeoutSeconds} and {SmtpAdvancedOptions.MaxTimeoutSeconds} seconds.");
        var verify = fields.Bool(advanced, "weryfikuj_certyfikat", Path + "weryfikuj_certyfikat", required: false);
        var mechanism = fields.Checked<SmtpAuthMechanism?>(advanced, "metoda_auth", Path + "metoda_auth", required: false, value =>
            AuthMechanisms.TryGetValue(value, out var known) ? (known, null) : (null, "The authentication method must be AUTO, PLAIN, LOGIN, CRAM-MD5 or BRAK."));

        return fields.HasErrorsUnder(Path)
            ? null
            : new SmtpAdvancedOptions(helo, timeout ?? SmtpAdvancedOptions.DefaultTimeoutSeconds, verify ?? true, mechanism ?? SmtpAuthMechanism.Auto);
    }

    private static LineCheck Fail(string field, string message) => new(null, null, new Dictionary<string, string[]> { [field] = [message] });
}
