using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Domain.Settings;

public abstract record SettingsCommand(string TenantId);

public sealed record SetPrimaryEmail(string TenantId, EmailAddress PrimaryEmail) : SettingsCommand(TenantId);

public sealed record ChangeSenderName(string TenantId, SenderName? SenderName) : SettingsCommand(TenantId);

/// <summary><paramref name="SealedPassword"/> is null when the caller did not type a password.</summary>
public sealed record ConfigureOwnSmtp(
    string TenantId,
    EmailAddress SenderEmail,
    SmtpEndpoint Endpoint,
    string? Username,
    string? SealedPassword,
    SmtpAdvancedOptions Advanced) : SettingsCommand(TenantId)
{
    /// <summary>The requested configuration before the password rule is applied.</summary>
    public OwnSmtpConfiguration Requested =>
        new(SenderEmail.Value, Endpoint.Host, Endpoint.Port, Endpoint.Security, Username, SealedPassword: null, Advanced);
}

public sealed record DisableOwnSmtp(string TenantId) : SettingsCommand(TenantId);

/// <summary>Put the settings back to <paramref name="Target"/>, the state at <paramref name="ToVersion"/>.</summary>
public sealed record RollBack(string TenantId, long ToVersion, EmailSettings Target, string Reason) : SettingsCommand(TenantId);

/// <summary>Forget the tenant's stored SMTP password for good (its data key is destroyed with it).</summary>
public sealed record EraseSmtpPassword(string TenantId, string Reason) : SettingsCommand(TenantId);
