using Mediator;
using DomainCommand = Desktomy.Email.Domain.Settings.DisableOwnSmtp;

namespace Desktomy.Email.Application.Settings.DisableOwnSmtp;

public sealed class DisableOwnSmtpHandler(SettingsWriter writer) : ICommandHandler<DisableOwnSmtpCommand, SettingsChange>
{
    public async ValueTask<SettingsChange> Handle(DisableOwnSmtpCommand command, CancellationToken cancellationToken) =>
        await writer.WriteAsync(command.TenantId, command.ExpectedVersion, new DomainCommand(command.TenantId), cancellationToken);
}
