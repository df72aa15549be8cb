using Desktomy.Email.Domain.Smtp;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>
/// Turns a token endpoint's refusal (RFC 6749 §5.2 body, Entra ID's AADSTS codes) into the provider's code and a hint
/// saying what to fix. 5xx and 429 are worth retrying; any other refusal stays until the settings change.
/// </summary>
internal static partial class ProviderErrors
{
    private const int MaxQuotedLength = 300;

    public static OAuth2TokenException Explain(OAuth2Client client, int status, string body)
    {
        var (error, description, errorCodes) = Parse(body);
        var code = client.Provider == OAuth2Provider.Microsoft365 ? AadstsCode(description, errorCodes) ?? error : error;
        var transient = status >= 500 || status == 429;
        var hint = Hint(client, code, error)
            ?? (transient
                ? $"The token endpoint is unavailable for now (HTTP {status}); the request will be tried again later."
                : $"The token endpoint refused the request (HTTP {status}{(error is null ? "" : $", {error}")}).");
        var quoted = Quote(description, client);
        return new OAuth2TokenException(quoted is null ? hint : $"{hint} The provider said: {quoted}", code, permanent: !transient, status);
    }

    private static string? Hint(OAuth2Client client, string? code, string? error) => code switch
    {
        "AADSTS7000215" => "The client secret is wrong: copy the secret's Value (not its Secret ID) from Certificates & secrets of the app registration in Microsoft Entra.",
        "AADSTS7000222" => "The client secret has expired: create a new one under Certificates & secrets of the app registration and save it here.",
        "AADSTS700016" => $"No application with client ID '{client.ClientId}' exists in directory '{client.DirectoryId}': check the Application (client) ID and the Directory (tenant) ID on the app registration's overview.",
        "AADSTS90002" => $"The directory '{client.DirectoryId}' does not exist: use the Directory (tenant) ID from the app registration's overview, or the tenant's domain.",
        "AADSTS900023" => "The directory ID is not valid: use the Directory (tenant) ID (a GUID) or the tenant's domain.",
        "AADSTS70011" => "Microsoft refused the scope https://outlook.office365.com/.default: the app needs the SMTP.SendAsApp permission of Office 365 Exchange Online.",
        "AADSTS65001" or "AADSTS650057" => "The app has no admin consent for SMTP.SendAsApp: grant admin consent under API permissions of the app registration.",
        "AADSTS53003" => "A Conditional Access policy of the directory blocks the app: exclude it from the policy or allow this service's sign-in.",
        "AADSTS7000112" or "AADSTS7000114" => "The application is disabled in the directory: enable its enterprise application in Microsoft Entra.",
        _ => client.Provider == OAuth2Provider.Google ? GoogleHint(error) : GenericHint(error),
    };

    private static string? GoogleHint(string? error) => error switch
    {
        "invalid_grant" => "Google refused the signed request: the private key may not belong to this service account (or was deleted), the client_email may be wrong, or the mailbox is not a user of the Workspace. Download a new JSON key and check the mailbox address.",
        "unauthorized_client" => "The service account is not allowed to act for the mailbox: in the Google Admin console, under Security > API controls > Domain-wide delegation, add its client ID with the scope https://mail.google.com/.",
        "invalid_client" => "Google does not know this service account: check the client_email of the JSON key.",
        "invalid_scope" => "Google refused the scope https://mail.google.com/: add it to the service account's domain-wide delegation.",
        _ => null,
    };

    private static string? GenericHint(string? error) => error switch
    {
        "invalid_client" => "The token endpoint does not accept this client: check the client ID and the client secret.",
        "unauthorized_client" => "The client is not allowed to use client credentials: enable that grant for it on the authorization server.",
        "invalid_scope" => "The token endpoint refused the scope: check the scope the mail server expects.",
        "invalid_grant" => "The token endpoint refused the grant: check the client's credentials and its permissions.",
        "unsupported_grant_type" => "The token endpoint does not offer client credentials.",
        "invalid_request" => "The token endpoint rejected the request as malformed: check the token endpoint URL and the scope.",
        _ => null,
    };

    private static (string? Error, string? Description, long[] ErrorCodes) Parse(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, []);
            }

            var codes = root.TryGetProperty("error_codes", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out _)).Select(c => c.GetInt64()).ToArray()
                : [];
            return (Code(String(root, "error")), String(root, "error_description"), codes);
        }
        catch (JsonException)
        {
            return (null, null, []);
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A code goes into the answer as it is, so only a short word-like value counts as one.</summary>
    private static string? Code(string? value) => value is not null && CodePattern().IsMatch(value) ? value : null;

    private static string? AadstsCode(string? description, long[] errorCodes) =>
        errorCodes.Length > 0 ? $"AADSTS{errorCodes[0]}"
        : description is not null && AadstsPattern().Match(description) is { Success: true } match ? match.Value
        : null;

    /// <summary>The provider's first sentence line, without trace ids, control characters or anything of the client's secrets.</summary>
    private static string? Quote(string? description, OAuth2Client client)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return null;
        }

        var line = description.Split('\n', 2)[0];
        var trace = line.IndexOf(" Trace ID:", StringComparison.Ordinal);
        line = trace > 0 ? line[..trace] : line;
        line = new string([.. line.Where(c => !char.IsControl(c))]).Trim();
        foreach (var secret in new[] { client.ClientSecret, client.PrivateKey })
        {
            if (!string.IsNullOrEmpty(secret))
            {
                line = line.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return line.Length <= MaxQuotedLength ? line : line[..MaxQuotedLength] + "…";
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"\bAADSTS\d{1,9}\b", RegexOptions.CultureInvariant)]
    private static partial Regex AadstsPattern();
}
