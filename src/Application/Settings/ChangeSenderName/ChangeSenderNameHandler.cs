using Desktomy.Email.Domain.Addresses;
using Mediator;
using DomainCommand = Desktomy.Email.Domain.Settings.ChangeSenderName;

namespace Desktomy.Email.Application.Settings.ChangeSenderName;

public sealed class ChangeSenderNameHandler(SettingsWriter writer) : ICommandHandler<ChangeSenderNameCommand, SettingsChange>
{
    public async ValueTask<SettingsChange> Handle(ChangeSenderNameCommand command, CancellationToken cancellationToken) =>
        await writer.WriteAsync(
            command.TenantId,
            command.ExpectedVersion,
            new DomainCommand(command.TenantId, SenderName.Create(command.SenderName)),
            cancellationToken);
}
