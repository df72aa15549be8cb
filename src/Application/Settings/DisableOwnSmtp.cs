using Desktomy.Email.Domain.Settings;
using Mediator;

namespace Desktomy.Email.Application.Settings;

/// <summary>Stops using own SMTP; its values are kept for a later PUT.</summary>
public sealed record DisableOwnSmtpCommand(string TenantId, long? ExpectedVersion) : ICommand<SettingsChange>;

public sealed class DisableOwnSmtpHandler(SettingsWriter writer, SettingsViews views) : ICommandHandler<DisableOwnSmtpCommand, SettingsChange>
{
    public async ValueTask<SettingsChange> Handle(DisableOwnSmtpCommand command, CancellationToken cancellationToken) =>
        views.Of(await writer.ChangeAsync(command.TenantId, command.ExpectedVersion, EmailSettingsDecider.DisableOwnSmtp, cancellationToken));
}
