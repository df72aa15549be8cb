namespace Desktomy.Email.Domain.Settings;

/// <summary>
/// One field that differs between two versions, named by the view's JSON path. A password (or OAuth 2.0 secret)
/// change is <see cref="Secret"/> and carries no values: nothing derived from a secret is ever shown.
/// </summary>
public sealed record FieldChange(string Field, object? From, object? To, bool Secret = false)
{
    public const string PasswordField = "password";

    /// <summary>Exactly the fields that differ between <paramref name="before"/> and <paramref name="after"/>, in the view's order.</summary>
    public static IReadOnlyList<FieldChange> Between(EmailSettings? before, EmailSettings? after)
    {
        var changes = new List<FieldChange>();
        Compare(changes, "primaryEmail", before?.PrimaryEmail, after?.PrimaryEmail);
        Compare(changes, "senderName", before?.SenderName, after?.SenderName);
        Compare(changes, "ownSmtp.enabled", before?.OwnSmtpEnabled ?? false, after?.OwnSmtpEnabled ?? false);

        var a = before?.OwnSmtp;
        var b = after?.OwnSmtp;
        Compare(changes, "ownSmtp.senderEmail", a?.SenderEmail, b?.SenderEmail);
        Compare(changes, "ownSmtp.host", a?.Host, b?.Host);
        Compare(changes, "ownSmtp.port", a?.Port, b?.Port);
        Compare(changes, "ownSmtp.security", a?.Security.ToString(), b?.Security.ToString());
        Compare(changes, "ownSmtp.username", a?.Username, b?.Username);
        if (!Equals(a?.SealedPassword, b?.SealedPassword))
        {
            changes.Add(new FieldChange(PasswordField, null, null, Secret: true));
        }

        CompareOAuth2(changes, a?.OAuth2, b?.OAuth2);

        Compare(changes, "ownSmtp.advanced.heloName", a?.Advanced.HeloName, b?.Advanced.HeloName);
        Compare(changes, "ownSmtp.advanced.timeoutSeconds", a?.Advanced.TimeoutSeconds, b?.Advanced.TimeoutSeconds);
        Compare(changes, "ownSmtp.advanced.verifyCertificate", a?.Advanced.VerifyCertificate, b?.Advanced.VerifyCertificate);
        Compare(changes, "ownSmtp.advanced.authMechanism", a?.Advanced.AuthMechanism.ToString(), b?.Advanced.AuthMechanism.ToString());
        return changes;
    }

    private static void CompareOAuth2(List<FieldChange> changes, OwnSmtpOAuth2? a, OwnSmtpOAuth2? b)
    {
        Compare(changes, "ownSmtp.oauth2.provider", a?.Provider.ToString(), b?.Provider.ToString());
        Compare(changes, "ownSmtp.oauth2.directoryId", a?.DirectoryId, b?.DirectoryId);
        Compare(changes, "ownSmtp.oauth2.clientId", a?.ClientId, b?.ClientId);
        Compare(changes, "ownSmtp.oauth2.clientEmail", a?.ClientEmail, b?.ClientEmail);
        Compare(changes, "ownSmtp.oauth2.tokenEndpoint", a?.TokenEndpoint, b?.TokenEndpoint);
        Compare(changes, "ownSmtp.oauth2.scope", a?.Scope, b?.Scope);
        if (!Equals(a?.SealedSecret, b?.SealedSecret))
        {
            // Named by the provider that has the secret now (or had it, when OAuth 2.0 was turned off).
            changes.Add(new FieldChange((b ?? a)!.SecretField(), null, null, Secret: true));
        }
    }

    private static void Compare<T>(List<FieldChange> changes, string field, T from, T to)
    {
        if (!EqualityComparer<T>.Default.Equals(from, to))
        {
            changes.Add(new FieldChange(field, from, to));
        }
    }
}
