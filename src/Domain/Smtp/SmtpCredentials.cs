namespace Desktomy.Email.Domain.Smtp;

/// <summary>Shape rules for the login and password of a tenant's SMTP account.</summary>
public static class SmtpCredentials
{
    public const int MaxUsernameLength = 256;
    public const int MaxPasswordLength = 256;

    public static string? UsernameError(string username) =>
        username.Length == 0 || username.Length > MaxUsernameLength ? $"The login must have 1 to {MaxUsernameLength} characters."
        : Domain.TextRules.HasControlCharacters(username) ? "The login cannot contain line breaks or control characters."
        : null;

    public static string? PasswordError(string password) =>
        password.Length == 0 || password.Length > MaxPasswordLength ? $"The password must have 1 to {MaxPasswordLength} characters."
        : password.Contains('\0', StringComparison.Ordinal) || password.Contains('\r', StringComparison.Ordinal) || password.Contains('\n', StringComparison.Ordinal)
            ? "The password cannot contain line breaks or NUL characters."
        : null;
}
