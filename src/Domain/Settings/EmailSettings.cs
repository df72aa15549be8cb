using Desktomy.Email.Domain.Addresses;

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

/// <summary>
/// The first event of a tenant brought over from the platform's previous store: the complete state (the password
/// sealed), where it came from, and why it was imported.
/// </summary>
public sealed record SettingsImported(string TenantId, EmailSettings Imported, ImportSource Source, string Reason, DateTimeOffset OccurredAt) : ISettingsEvent;

/// <summary>When and by whom the previous store last changed the settings (its <c>zmieniono</c> and <c>zmienil</c>).</summary>
public sealed record ImportSource(DateTimeOffset? ChangedAt, string? ChangedBy);

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
        (_, SettingsImported e) => e.Imported,
        (null, PrimaryEmailSet e) => new EmailSettings(e.TenantId, e.PrimaryEmail, null, false, null),
        (null, _) => null,
        (_, PrimaryEmailSet e) => state with { PrimaryEmail = e.PrimaryEmail },
        (_, SenderNameChanged e) => state with { SenderName = e.SenderName },
        (_, OwnSmtpEnabled e) => state with { OwnSmtpEnabled = true, OwnSmtp = e.Smtp },
        (_, OwnSmtpUpdated e) => state with { OwnSmtp = e.Smtp },
        (_, OwnSmtpDisabled) => state with { OwnSmtpEnabled = false },
        (_, SettingsRolledBack e) => e.Restored,
        (_, SmtpPasswordErased) => state with { OwnSmtp = WithoutSecrets(state.OwnSmtp) },
        _ => state,
    };

    /// <summary>Erasing the data key makes every secret sealed with it unreadable: the password and the OAuth 2.0 secret alike.</summary>
    private static OwnSmtpConfiguration? WithoutSecrets(OwnSmtpConfiguration? smtp) =>
        smtp is null ? null : smtp with { SealedPassword = null, OAuth2 = smtp.OAuth2 is null ? null : smtp.OAuth2 with { SealedSecret = null } };
}

/// <summary>
/// Pure decisions, one per use case: the current settings and what the caller asked for give the events to append
/// (none when nothing changes), or a <see cref="SettingsRuleViolationException"/>. Every decision but the first
/// primary e-mail needs settings that exist; the writer that calls them answers 409 otherwise.
/// </summary>
public static class EmailSettingsDecider
{
    public static IReadOnlyList<object> SetPrimaryEmail(EmailSettings? state, string tenantId, EmailAddress primaryEmail, DateTimeOffset now) =>
        state?.PrimaryEmail == primaryEmail.Value ? [] : [new PrimaryEmailSet(tenantId, primaryEmail.Value, now)];

    public static IReadOnlyList<object> ChangeSenderName(EmailSettings state, SenderName? senderName, DateTimeOffset now) =>
        state.SenderName == senderName?.Value ? [] : [new SenderNameChanged(state.TenantId, senderName?.Value, now)];

    /// <param name="requested">
    /// The configuration asked for; its <see cref="OwnSmtpConfiguration.SealedPassword"/> (or, with OAuth 2.0, its
    /// <see cref="OwnSmtpOAuth2.SealedSecret"/>) is the typed one, or null when none was typed.
    /// </param>
    public static IReadOnlyList<object> ConfigureOwnSmtp(EmailSettings state, OwnSmtpConfiguration requested, DateTimeOffset now)
    {
        var typed = requested.OAuth2 is { } oauth2 ? oauth2.SealedSecret is not null : requested.SealedPassword is not null;
        var configuration = WithSecret(state.OwnSmtp, requested, typed);

        if (state.OwnSmtpEnabled && state.OwnSmtp == configuration)
        {
            return [];
        }

        return state.OwnSmtpEnabled
            ? [new OwnSmtpUpdated(state.TenantId, configuration, now)]
            : [new OwnSmtpEnabled(state.TenantId, configuration, now)];
    }

    public static IReadOnlyList<object> DisableOwnSmtp(EmailSettings state, DateTimeOffset now) =>
        state.OwnSmtpEnabled ? [new OwnSmtpDisabled(state.TenantId, now)] : [];

    /// <summary>History is never rewritten: a rollback is one new event with the complete target state.</summary>
    public static IReadOnlyList<object> RollBack(EmailSettings state, long toVersion, EmailSettings target, string reason, DateTimeOffset now) =>
        state == target ? [] : [new SettingsRolledBack(state.TenantId, toVersion, target, reason, now)];

    /// <summary>Always recorded: the act destroys the data key, which also makes the passwords in past versions unreadable.</summary>
    public static IReadOnlyList<object> EraseSmtpPassword(EmailSettings state, string reason, DateTimeOffset now) =>
        [new SmtpPasswordErased(state.TenantId, reason, now)];

    /// <summary>
    /// <paramref name="requested"/> with the secret it authenticates with, by the rules below: the typed one (already in
    /// <paramref name="requested"/>, or null when the caller holds it as plaintext), the stored one, or none.
    /// </summary>
    public static OwnSmtpConfiguration WithSecret(OwnSmtpConfiguration? stored, OwnSmtpConfiguration requested, bool typed) =>
        requested.OAuth2 is { } oauth2
            ? requested with
            {
                SealedPassword = null,
                OAuth2 = oauth2 with
                {
                    SealedSecret = OAuth2SecretSourceFor(stored, requested, typed) == PasswordSource.Typed ? oauth2.SealedSecret : stored!.OAuth2!.SealedSecret,
                },
            }
            : requested with
            {
                SealedPassword = PasswordSourceFor(stored, requested, typed) switch
                {
                    PasswordSource.Typed => requested.SealedPassword,
                    PasswordSource.Stored => stored!.SealedPassword,
                    _ => null,
                },
            };

    /// <summary>The configuration a command's events put in place, if they configure own SMTP.</summary>
    public static OwnSmtpConfiguration? ConfiguredSmtp(IEnumerable<object> events) =>
        events.Select(e => e switch
        {
            OwnSmtpEnabled enabled => enabled.Smtp,
            OwnSmtpUpdated updated => updated.Smtp,
            _ => null,
        }).OfType<OwnSmtpConfiguration>().SingleOrDefault();

    /// <summary>Credentials stay bound to their destination: a new server, port, security, login or sender needs the password again.</summary>
    public static PasswordSource PasswordSourceFor(OwnSmtpConfiguration? stored, OwnSmtpConfiguration requested, bool passwordTyped)
    {
        if (requested.Username is null)
        {
            return passwordTyped
                ? throw new SettingsRuleViolationException("password", "A password needs a login: set the login or leave the password out.")
                : PasswordSource.None;
        }

        if (passwordTyped)
        {
            return PasswordSource.Typed;
        }

        if (stored?.SealedPassword is null)
        {
            throw new SettingsRuleViolationException("password", "A password is required when a login is set.");
        }

        return stored.HasSameDestination(requested)
            ? PasswordSource.Stored
            : throw new SettingsRuleViolationException(
                "password",
                "Enter the password again: the server, port, security, login or sender e-mail changed, and a stored password is only used for the server it was entered for.");
    }

    /// <summary>
    /// The OAuth 2.0 twin of <see cref="PasswordSourceFor"/>: a stored client secret or private key is used only while
    /// provider, directory, client, token endpoint, server, port, security, login and sender e-mail are unchanged.
    /// </summary>
    public static PasswordSource OAuth2SecretSourceFor(OwnSmtpConfiguration? stored, OwnSmtpConfiguration requested, bool secretTyped)
    {
        var oauth2 = requested.OAuth2 ?? throw new ArgumentException("The requested configuration does not use OAuth 2.0.", nameof(requested));
        if (requested.Username is null)
        {
            throw new SettingsRuleViolationException("username", "OAuth 2.0 needs the login: the mailbox that authenticates, usually the sender e-mail.");
        }

        if (secretTyped)
        {
            return PasswordSource.Typed;
        }

        if (stored?.OAuth2?.SealedSecret is null)
        {
            throw new SettingsRuleViolationException(oauth2.SecretField(), $"The {oauth2.SecretName()} is required for {oauth2.Provider}.");
        }

        return stored.HasSameDestination(requested) && stored.OAuth2.HasSameClient(oauth2)
            ? PasswordSource.Stored
            : throw new SettingsRuleViolationException(
                oauth2.SecretField(),
                $"Enter the {oauth2.SecretName()} again: the provider, directory, client, token endpoint, server, port, security, login or sender e-mail changed, and a stored secret is only used for the client and server it was entered for.");
    }
}
