namespace Desktomy.Email.Domain.Settings;

/// <summary>Pure decisions: the current settings and a command give the events to append, or an error.</summary>
public static class EmailSettingsDecider
{
    public static IReadOnlyList<object> Decide(EmailSettings? state, SettingsCommand command, DateTimeOffset now) => command switch
    {
        SetPrimaryEmail c => SetPrimaryEmail(state, c, now),
        ChangeSenderName c => ChangeSenderName(Require(state, c), c, now),
        ConfigureOwnSmtp c => ConfigureOwnSmtp(Require(state, c), c, now),
        DisableOwnSmtp c => DisableOwnSmtp(Require(state, c), c, now),
        RollBack c => RollBack(Require(state, c), c, now),
        EraseSmtpPassword c => EraseSmtpPassword(Require(state, c), c, now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown settings command."),
    };

    private static IReadOnlyList<object> SetPrimaryEmail(EmailSettings? state, SetPrimaryEmail c, DateTimeOffset now) =>
        state?.PrimaryEmail == c.PrimaryEmail.Value ? [] : [new PrimaryEmailSet(c.TenantId, c.PrimaryEmail.Value, now)];

    private static IReadOnlyList<object> ChangeSenderName(EmailSettings state, ChangeSenderName c, DateTimeOffset now) =>
        state.SenderName == c.SenderName?.Value ? [] : [new SenderNameChanged(c.TenantId, c.SenderName?.Value, now)];

    private static IReadOnlyList<object> ConfigureOwnSmtp(EmailSettings state, ConfigureOwnSmtp c, DateTimeOffset now)
    {
        var requested = c.Requested;
        var configuration = requested with
        {
            SealedPassword = PasswordSourceFor(state.OwnSmtp, requested, c.SealedPassword is not null) switch
            {
                PasswordSource.Typed => c.SealedPassword,
                PasswordSource.Stored => state.OwnSmtp!.SealedPassword,
                _ => null,
            },
        };

        if (state.OwnSmtpEnabled && state.OwnSmtp == configuration)
        {
            return [];
        }

        return state.OwnSmtpEnabled
            ? [new OwnSmtpUpdated(c.TenantId, configuration, now)]
            : [new OwnSmtpEnabled(c.TenantId, configuration, now)];
    }

    private static IReadOnlyList<object> DisableOwnSmtp(EmailSettings state, DisableOwnSmtp c, DateTimeOffset now) =>
        state.OwnSmtpEnabled ? [new OwnSmtpDisabled(c.TenantId, now)] : [];

    /// <summary>History is never rewritten: a rollback is one new event with the complete target state.</summary>
    private static IReadOnlyList<object> RollBack(EmailSettings state, RollBack c, DateTimeOffset now) =>
        state == c.Target ? [] : [new SettingsRolledBack(c.TenantId, c.ToVersion, c.Target, c.Reason, now)];

    /// <summary>Always recorded: the act destroys the data key, which also makes the passwords in past versions unreadable.</summary>
    private static IReadOnlyList<object> EraseSmtpPassword(EmailSettings _, EraseSmtpPassword c, DateTimeOffset now) =>
        [new SmtpPasswordErased(c.TenantId, c.Reason, now)];

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

    private static EmailSettings Require(EmailSettings? state, SettingsCommand command) =>
        state ?? throw new SettingsNotConfiguredException(command.TenantId);
}
