using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Secrets;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Settings;
using FluentValidation;
using Marten;
using Mediator;

namespace Desktomy.Email.Application.Settings;

/// <summary>Tests the own-SMTP settings of <paramref name="Form"/>, or the stored ones when it is null; changes nothing.</summary>
public sealed record TestOwnSmtpCommand(string TenantId, OwnSmtpForm? Form, long? ExpectedVersion) : ICommand<SmtpVerificationResult>;

public sealed class TestOwnSmtpValidator : AbstractValidator<TestOwnSmtpCommand>
{
    public TestOwnSmtpValidator() => RuleFor(c => c.Form).IsValid(OwnSmtpFormValidator.Instance);
}

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
        var typed = command.Form?.TypedSecret();
        var smtp = command.Form is null
            ? stored ?? throw new OwnSmtpNotConfiguredException(command.TenantId)
            : EmailSettingsDecider.WithSecret(stored, command.Form.ToConfiguration(sealedSecret: null), typed is not null);

        // The stored settings share their tokens with the mail sent through them; a form's are its own.
        var version = command.Form is null ? document.Version : SmtpTargets.UnsavedVersion;
        var secret = await vault.PasswordForAsync(session, command.TenantId, smtp, typed, cancellationToken);
        return await verifier.VerifyAsync(command.TenantId, SmtpTargets.For(command.TenantId, version, smtp, secret), cancellationToken);
    }
}
