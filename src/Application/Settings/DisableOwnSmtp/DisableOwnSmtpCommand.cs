using Mediator;

namespace Desktomy.Email.Application.Settings.DisableOwnSmtp;

public sealed record DisableOwnSmtpCommand(string TenantId, long? ExpectedVersion) : ICommand<SettingsChange>;
