using Mediator;

namespace Desktomy.Email.Application.Settings.RollBack;

public sealed record RollBackCommand(string TenantId, long? ToVersion, string? Reason, long? ExpectedVersion) : ICommand<SettingsChange>;
