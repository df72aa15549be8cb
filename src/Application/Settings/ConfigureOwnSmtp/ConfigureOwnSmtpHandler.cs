using Desktomy.Email.Application.Secrets;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Settings;
using Mediator;

namespace Desktomy.Email.Application.Settings.ConfigureOwnSmtp;

/// <summary>Enables or updates own SMTP; the server is verified before anything is appended.</summary>
public sealed class ConfigureOwnSmtpHandler(SettingsWriter writer, PasswordVault vault, SmtpVerifier verifier)
    : ICommandHandler<ConfigureOwnSmtpCommand, SettingsChange>
{
    public async ValueTask<SettingsChange> Handle(ConfigureOwnSmtpCommand command, CancellationToken cancellationToken) =>
        await writer.WriteAsync(command.TenantId, command.ExpectedVersion, async (current, session, now, token) =>
        {
            var typed = command.TypedPassword();
            var sealedPassword = typed is null
                ? null
                : await vault.SealUnlessStoredAsync(session, command.TenantId, typed, current?.OwnSmtp?.SealedPassword, token);

            var events = EmailSettingsDecider.Decide(current, command.ToDomain(sealedPassword), now);
            if (ConfiguredSmtp(events) is { } configured)
            {
                var password = configured.SealedPassword is null
                    ? null
                    : typed ?? await vault.UnsealAsync(session, command.TenantId, configured.SealedPassword, token);
                await verifier.VerifyAsync(SmtpTargets.For(configured, password), token);
            }

            return events;
        }, cancellationToken);

    private static OwnSmtpConfiguration? ConfiguredSmtp(IEnumerable<object> events) =>
        events.Select(e => e switch
        {
            OwnSmtpEnabled enabled => enabled.Smtp,
            OwnSmtpUpdated updated => updated.Smtp,
            _ => null,
        }).OfType<OwnSmtpConfiguration>().SingleOrDefault();
}
