using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Application.Smtp;

/// <summary>The platform's own SMTP server (configuration section <c>Mail:Platform</c>).</summary>
public sealed class PlatformMailOptions
{
    public const string Section = "Mail:Platform";

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string FromAddress { get; set; } = "automat@desktomy.pl";
}
