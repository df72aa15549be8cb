using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Application.Smtp;

/// <summary>The platform's own SMTP server and sender (configuration section <c>Mail:Platform</c>).</summary>
public sealed class PlatformMailOptions
{
    public const string Section = "Mail:Platform";

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string FromAddress { get; set; } = "automat@desktomy.pl";

    /// <summary>The display name of notifications to tenants; empty means the bare address.</summary>
    public string FromName { get; set; } = "DESKTOMY";

    public PlatformSender Sender() => new(string.IsNullOrWhiteSpace(FromName) ? null : FromName, FromAddress);
}
