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

/// <summary>A tenant's e-mail settings, rebuilt from its events by <see cref="Evolve"/>.</summary>
public sealed record EmailSettings(
    string TenantId,
    string PrimaryEmail,
    string? SenderName,
    bool OwnSmtpEnabled,
    OwnSmtpConfiguration? OwnSmtp)
{
    /// <summary>The fold: the state after <paramref name="event"/>; null until the first event that creates settings.</summary>
    public static EmailSettings? Evolve(EmailSettings? state, object @event) => (state, @event) switch
    {
        (null, PrimaryEmailSet e) => new EmailSettings(e.TenantId, e.PrimaryEmail, null, false, null),
        (null, _) => null,
        (_, PrimaryEmailSet e) => state with { PrimaryEmail = e.PrimaryEmail },
        (_, SenderNameChanged e) => state with { SenderName = e.SenderName },
        (_, OwnSmtpEnabled e) => state with { OwnSmtpEnabled = true, OwnSmtp = e.Smtp },
        (_, OwnSmtpUpdated e) => state with { OwnSmtp = e.Smtp },
        (_, OwnSmtpDisabled) => state with { OwnSmtpEnabled = false },
        (_, SettingsRolledBack e) => e.Restored,
        (_, SmtpPasswordErased) => state with { OwnSmtp = state.OwnSmtp is null ? null : state.OwnSmtp with { SealedPassword = null } },
        _ => state,
    };
}
