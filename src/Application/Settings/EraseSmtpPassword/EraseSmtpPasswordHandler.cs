using Desktomy.Email.Application.Secrets;
using Desktomy.Email.Domain.Settings;
using Mediator;
using DomainCommand = Desktomy.Email.Domain.Settings.EraseSmtpPassword;

namespace Desktomy.Email.Application.Settings.EraseSmtpPassword;

/// <summary>
/// Crypto-shredding: destroys the tenant's data key in the same commit as the event that records it, so every
/// password the tenant ever stored (in the current state and in history) becomes unreadable, while history stays.
/// </summary>
public sealed class EraseSmtpPasswordHandler(SettingsWriter writer) : ICommandHandler<EraseSmtpPasswordCommand, SettingsChange>
{
    public async ValueTask<SettingsChange> Handle(EraseSmtpPasswordCommand command, CancellationToken cancellationToken) =>
        await writer.WriteAsync(command.TenantId, command.ExpectedVersion, (current, session, now, _) =>
        {
            var events = EmailSettingsDecider.Decide(current, new DomainCommand(command.TenantId, command.Reason!.Trim()), now);
            PasswordVault.EraseDataKey(session);
            return ValueTask.FromResult(events);
        }, cancellationToken);
}
