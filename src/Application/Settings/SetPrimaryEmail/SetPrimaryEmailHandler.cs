using Desktomy.Email.Domain.Addresses;
using Mediator;
using DomainCommand = Desktomy.Email.Domain.Settings.SetPrimaryEmail;

namespace Desktomy.Email.Application.Settings.SetPrimaryEmail;

public sealed class SetPrimaryEmailHandler(SettingsWriter writer) : ICommandHandler<SetPrimaryEmailCommand, SettingsChange>
{
    public async ValueTask<SettingsChange> Handle(SetPrimaryEmailCommand command, CancellationToken cancellationToken) =>
        await writer.WriteAsync(
            command.TenantId,
            command.ExpectedVersion,
            new DomainCommand(command.TenantId, EmailAddress.Create(command.PrimaryEmail!)),
            cancellationToken);
}
