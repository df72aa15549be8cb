using Desktomy.Email.Domain.Addresses;

namespace Desktomy.Email.Domain.Settings;

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

    /// <param name="requested">The configuration asked for; its <see cref="OwnSmtpConfiguration.SealedPassword"/> is the typed one, or null when none was typed.</param>
    public static IReadOnlyList<object> ConfigureOwnSmtp(EmailSettings state, OwnSmtpConfiguration requested, DateTimeOffset now)
    {
        var configuration = requested with
        {
            SealedPassword = PasswordSourceFor(state.OwnSmtp, requested, requested.SealedPassword is not null) switch
            {
                PasswordSource.Typed => requested.SealedPassword,
                PasswordSource.Stored => state.OwnSmtp!.SealedPassword,
                _ => null,
            },
        };

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
}
