namespace Desktomy.Email.Domain.Settings;

/// <summary>Where the password for an own-SMTP configuration comes from.</summary>
public enum PasswordSource
{
    /// <summary>No login, so no password.</summary>
    None,

    /// <summary>The password the caller typed.</summary>
    Typed,

    /// <summary>The stored password, allowed only for the destination it was entered for.</summary>
    Stored,
}
