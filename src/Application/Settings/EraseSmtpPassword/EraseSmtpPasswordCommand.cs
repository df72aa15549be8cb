using Mediator;

namespace Desktomy.Email.Application.Settings.EraseSmtpPassword;

public sealed record EraseSmtpPasswordCommand(string TenantId, string? Reason, long? ExpectedVersion) : ICommand<SettingsChange>;
