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
        var typed = command.Form?.TypedPassword();
        var smtp = command.Form is null
            ? stored ?? throw new OwnSmtpNotConfiguredException(command.TenantId)
            : WithPasswordSource(stored, command.Form.ToConfiguration(sealedPassword: null), typed is not null);

        var password = await vault.PasswordForAsync(session, command.TenantId, smtp, typed, cancellationToken);
        return await verifier.VerifyAsync(command.TenantId, SmtpTargets.For(smtp, password), cancellationToken);
    }

    /// <summary>The same password rule as saving: a stored password only for the destination it was entered for.</summary>
    private static OwnSmtpConfiguration WithPasswordSource(OwnSmtpConfiguration? stored, OwnSmtpConfiguration requested, bool typed) =>
        EmailSettingsDecider.PasswordSourceFor(stored, requested, typed) == PasswordSource.Stored
            ? requested with { SealedPassword = stored!.SealedPassword }
            : requested;
}
