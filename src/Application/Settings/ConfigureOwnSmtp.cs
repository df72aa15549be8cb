using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Secrets;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Settings;
using FluentValidation;
using Marten;
using Mediator;

namespace Desktomy.Email.Application.Settings;

/// <summary>Enables or updates own SMTP; the server is verified before anything is appended.</summary>
public sealed record ConfigureOwnSmtpCommand(string TenantId, OwnSmtpForm Form, long? ExpectedVersion) : ICommand<SettingsChange>;

public sealed class ConfigureOwnSmtpValidator : AbstractValidator<ConfigureOwnSmtpCommand>
{
    public ConfigureOwnSmtpValidator() => RuleFor(c => c.Form).IsValid(OwnSmtpFormValidator.Instance);
}

/// <summary>
/// The typed password is sealed once, before the write; the decision is pure; the server is verified once for the
/// configuration decided, and again only if a lost race makes the decision come out differently.
/// </summary>
public sealed class ConfigureOwnSmtpHandler(IDocumentStore store, SettingsWriter writer, SettingsViews views, PasswordVault vault, SmtpVerifier verifier)
    : ICommandHandler<ConfigureOwnSmtpCommand, SettingsChange>
{
    public async ValueTask<SettingsChange> Handle(ConfigureOwnSmtpCommand command, CancellationToken cancellationToken)
    {
        var tenantId = command.TenantId;
        var typed = command.Form.TypedPassword();
        var key = typed is null ? null : await vault.KeyForSealingAsync(tenantId, cancellationToken);
        var sealedTyped = key?.Seal(typed!);
        OwnSmtpConfiguration? verified = null;

        return views.Of(await writer.ChangeAsync(
            tenantId,
            command.ExpectedVersion,
            (current, now) => EmailSettingsDecider.ConfigureOwnSmtp(current, command.Form.ToConfiguration(SealedFor(current)), now),
            cancellationToken,
            new SettingsEffect(BeforeAppend: VerifyAsync)));

        // Typing the stored password again keeps the stored ciphertext, so an unchanged form appends nothing.
        string? SealedFor(EmailSettings current) =>
            key is null ? null : key.Holds(current.OwnSmtp?.SealedPassword, typed!) ? current.OwnSmtp!.SealedPassword : sealedTyped;

        async ValueTask VerifyAsync(IReadOnlyList<object> events, CancellationToken token)
        {
            if (EmailSettingsDecider.ConfiguredSmtp(events) is not { } configured || configured == verified)
            {
                return;
            }

            await using var session = store.QuerySession(tenantId);
            var password = await vault.PasswordForAsync(session, tenantId, configured, typed, token);
            await verifier.VerifyAsync(tenantId, SmtpTargets.For(configured, password), token);
            verified = configured;
        }
    }
}
