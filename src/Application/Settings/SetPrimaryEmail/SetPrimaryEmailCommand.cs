using Mediator;

namespace Desktomy.Email.Application.Settings.SetPrimaryEmail;

public sealed record SetPrimaryEmailCommand(string TenantId, string? PrimaryEmail, long? ExpectedVersion) : ICommand<SettingsChange>;
