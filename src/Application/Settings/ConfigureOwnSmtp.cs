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
/// The typed password (or OAuth 2.0 secret) is sealed once, before the write; the decision is pure; the server is verified once for the
/// configuration decided, and again only if a lost race makes the decision come out differently.
/// </summary>
public sealed class ConfigureOwnSmtpHandler(IDocumentStore store, SettingsWriter writer, SettingsViews views, PasswordVault vault, SmtpVerifier verifier)
    : ICommandHandler<ConfigureOwnSmtpCommand, SettingsChange>
{
    public async ValueTask<SettingsChange> Handle(ConfigureOwnSmtpCommand command, CancellationToken cancellationToken)
    {
        var tenantId = command.TenantId;
        var typed = command.Form.TypedSecret();
        var oauth2 = command.Form.OAuth2 is not null;
        var key = typed is null ? null : await vault.KeyForSealingAsync(tenantId, cancellationToken);
        var sealedTyped = key is null ? null : oauth2 ? key.SealSecret(typed!) : key.Seal(typed!);
        OwnSmtpConfiguration? verified = null;

        return views.Of(await writer.ChangeAsync(
            tenantId,
            command.ExpectedVersion,
            (current, now) => EmailSettingsDecider.ConfigureOwnSmtp(current, command.Form.ToConfiguration(SealedFor(current)), now),
            cancellationToken,
            new SettingsEffect(BeforeAppend: VerifyAsync)));

        // Typing the stored secret again keeps the stored ciphertext, so an unchanged form appends nothing.
        string? SealedFor(EmailSettings current)
        {
            var stored = oauth2 ? current.OwnSmtp?.OAuth2?.SealedSecret : current.OwnSmtp?.SealedPassword;
            return key is null ? null : key.Holds(stored, typed!) ? stored : sealedTyped;
        }

        async ValueTask VerifyAsync(IReadOnlyList<object> events, CancellationToken token)
        {
            if (EmailSettingsDecider.ConfiguredSmtp(events) is not { } configured || configured == verified)
            {
                return;
            }

            await using var session = store.QuerySession(tenantId);
            var password = await vault.PasswordForAsync(session, tenantId, configured, typed, token);
            await verifier.VerifyAsync(tenantId, SmtpTargets.For(tenantId, SmtpTargets.UnsavedVersion, configured, password), token);
            verified = configured;
        }
    }
}
