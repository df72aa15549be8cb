using Mediator;

namespace Desktomy.Email.Application.Settings.ChangeSenderName;

/// <summary>A null or blank <paramref name="SenderName"/> clears the name.</summary>
public sealed record ChangeSenderNameCommand(string TenantId, string? SenderName, long? ExpectedVersion) : ICommand<SettingsChange>;
