using Desktomy.Email.Application.Secrets;
using Desktomy.Email.Application.Settings.ConfigureOwnSmtp;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Settings;
using Marten;
using Mediator;

namespace Desktomy.Email.Application.Settings.TestOwnSmtp;

public sealed class TestOwnSmtpHandler(IDocumentStore store, PasswordVault vault, SmtpVerifier verifier)
    : ICommandHandler<TestOwnSmtpCommand, SmtpVerificationResult>
{
    public async ValueTask<SmtpVerificationResult> Handle(TestOwnSmtpCommand command, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(command.TenantId);
        var document = await session.LoadAsync<EmailSettingsDocument>(command.TenantId, cancellationToken)
            ?? throw new SettingsNotConfiguredException(command.TenantId);
        var stored = document.Settings.OwnSmtp;

        var smtp = command.UseStoredSettings
            ? stored ?? throw new OwnSmtpNotConfiguredException(command.TenantId)
            : command.ToDomain(sealedPassword: null).Requested;
        var source = command.UseStoredSettings
            ? (smtp.SealedPassword is null ? PasswordSource.None : PasswordSource.Stored)
            : EmailSettingsDecider.PasswordSourceFor(stored, smtp, command.TypedPassword() is not null);

        var password = source switch
        {
            PasswordSource.Typed => command.TypedPassword(),
            PasswordSource.Stored => await vault.UnsealAsync(session, command.TenantId, stored!.SealedPassword!, cancellationToken),
            _ => null,
        };
        return await verifier.VerifyAsync(SmtpTargets.For(smtp, password), cancellationToken);
    }
}
