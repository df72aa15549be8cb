using Desktomy.Email.Application.Common;
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
        if (command.ExpectedVersion is { } expected && expected != document.Version)
        {
            // If-Match is honoured on every command: the test runs against the version the caller looked at.
            throw new VersionMismatchException(command.TenantId, expected);
        }
        var stored = document.Settings.OwnSmtp;

        var smtp = command.UseStoredSettings
            ? stored ?? throw new OwnSmtpNotConfiguredException(command.TenantId)
            : command.ToDomain(sealedPassword: null).Requested;
        var source = command.UseStoredSettings
            ? StoredSource(smtp, command.TenantId)
            : EmailSettingsDecider.PasswordSourceFor(stored, smtp, command.TypedPassword() is not null);

        var password = source switch
        {
            PasswordSource.Typed => command.TypedPassword(),
            PasswordSource.Stored => await vault.UnsealAsync(session, command.TenantId, stored!.SealedPassword!, cancellationToken),
            _ => null,
        };
        return await verifier.VerifyAsync(SmtpTargets.For(smtp, password), cancellationToken);
    }

    /// <summary>Stored settings with a login but no password (it was erased) cannot be tested until one is entered.</summary>
    private static PasswordSource StoredSource(OwnSmtpConfiguration smtp, string tenantId) =>
        smtp.SealedPassword is not null ? PasswordSource.Stored
        : smtp.Username is not null ? throw new StoredPasswordUnreadableException(tenantId)
        : PasswordSource.None;
}
