using Desktomy.Email.Domain.Smtp;
using Mediator;

namespace Desktomy.Email.Application.Settings.ConfigureOwnSmtp;

public sealed record ConfigureOwnSmtpCommand(
    string TenantId,
    string? SenderEmail,
    string? Host,
    int? Port,
    SmtpSecurity? Security,
    string? Username,
    string? Password,
    AdvancedSmtpInput? Advanced,
    long? ExpectedVersion) : ICommand<SettingsChange>, IOwnSmtpFields
{
    // A record prints every member; this one carries a password.
    public override string ToString() => $"{nameof(ConfigureOwnSmtpCommand)} {{ TenantId = {TenantId}, Host = {Host}, Port = {Port} }}";
}
