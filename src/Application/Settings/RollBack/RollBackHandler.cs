using Desktomy.Email.Domain.Settings;
using Mediator;
using DomainCommand = Desktomy.Email.Domain.Settings.RollBack;

namespace Desktomy.Email.Application.Settings.RollBack;

/// <summary>Appends one event carrying the complete state of the target version, sealed password included.</summary>
public sealed class RollBackHandler(SettingsWriter writer) : ICommandHandler<RollBackCommand, SettingsChange>
{
    public async ValueTask<SettingsChange> Handle(RollBackCommand command, CancellationToken cancellationToken) =>
        await writer.WriteAsync(command.TenantId, command.ExpectedVersion, async (current, session, now, token) =>
        {
            if (current is null)
            {
                throw new SettingsNotConfiguredException(command.TenantId);
            }

            var target = await SettingsVersions.LoadAsync(session, command.TenantId, command.ToVersion!.Value, "toVersion", token);
            var rollBack = new DomainCommand(command.TenantId, command.ToVersion.Value, target!.Settings, command.Reason!.Trim());
            return EmailSettingsDecider.Decide(current, rollBack, now);
        }, cancellationToken);
}
