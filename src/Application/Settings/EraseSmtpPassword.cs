using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain.Settings;
using FluentValidation;
using Mediator;

namespace Desktomy.Email.Application.Settings;

/// <summary>Forgets the tenant's stored SMTP password for good (support).</summary>
public sealed record EraseSmtpPasswordCommand(string TenantId, string? Reason, long? ExpectedVersion) : ICommand<SettingsChange>;

public sealed class EraseSmtpPasswordValidator : AbstractValidator<EraseSmtpPasswordCommand>
{
    public EraseSmtpPasswordValidator() => RuleFor(c => c.Reason).Satisfies(AuditReason.Error);
}

/// <summary>
/// Crypto-shredding: destroys the tenant's data key in the same commit as the event that records it, so every
/// password the tenant ever stored (in the current state and in history) becomes unreadable, while history stays.
/// </summary>
public sealed class EraseSmtpPasswordHandler(SettingsWriter writer, SettingsViews views) : ICommandHandler<EraseSmtpPasswordCommand, SettingsChange>
{
    private static readonly SettingsEffect DestroyDataKey = new(ErasesDataKey: true);

    public async ValueTask<SettingsChange> Handle(EraseSmtpPasswordCommand command, CancellationToken cancellationToken)
    {
        var reason = command.Reason!.Trim();
        return views.Of(await writer.ChangeAsync(
            command.TenantId,
            command.ExpectedVersion,
            (current, now) => EmailSettingsDecider.EraseSmtpPassword(current, reason, now),
            cancellationToken,
            DestroyDataKey));
    }
}
