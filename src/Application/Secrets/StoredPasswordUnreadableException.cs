using Desktomy.Email.Domain.Settings;

namespace Desktomy.Email.Application.Secrets;

/// <summary>
/// A stored SMTP password (or OAuth 2.0 secret) can no longer be decrypted: its data key was erased, or wrapped by an
/// unknown master key. <see cref="Field"/> is the request field to type it into again.
/// </summary>
public sealed class StoredPasswordUnreadableException(string tenantId, OwnSmtpOAuth2? oauth2 = null, Exception? inner = null)
    : Exception($"The stored SMTP {oauth2?.SecretName() ?? "password"} of tenant '{tenantId}' can no longer be read (it was erased); enter the {oauth2?.SecretName() ?? "password"} again.", inner)
{
    public string Field { get; } = oauth2?.SecretField() ?? FieldChange.PasswordField;
}
