namespace Desktomy.Email.Domain.Settings;

/// <summary>Every event on a tenant's settings stream names the tenant and when it happened.</summary>
public interface ISettingsEvent
{
    string TenantId { get; }

    DateTimeOffset OccurredAt { get; }
}

public sealed record PrimaryEmailSet(string TenantId, string PrimaryEmail, DateTimeOffset OccurredAt) : ISettingsEvent;

public sealed record SenderNameChanged(string TenantId, string? SenderName, DateTimeOffset OccurredAt) : ISettingsEvent;

public sealed record OwnSmtpEnabled(string TenantId, OwnSmtpConfiguration Smtp, DateTimeOffset OccurredAt) : ISettingsEvent;

public sealed record OwnSmtpUpdated(string TenantId, OwnSmtpConfiguration Smtp, DateTimeOffset OccurredAt) : ISettingsEvent;

public sealed record OwnSmtpDisabled(string TenantId, DateTimeOffset OccurredAt) : ISettingsEvent;

/// <summary>Support put the settings back as they were at <paramref name="ToVersion"/>; carries that complete state.</summary>
public sealed record SettingsRolledBack(string TenantId, long ToVersion, EmailSettings Restored, string Reason, DateTimeOffset OccurredAt) : ISettingsEvent;

/// <summary>The tenant's data key was destroyed: its stored SMTP passwords can never be read again (crypto-shredding).</summary>
public sealed record SmtpPasswordErased(string TenantId, string Reason, DateTimeOffset OccurredAt) : ISettingsEvent;
