namespace Desktomy.Email.Domain.Smtp;

public enum SmtpSecurity
{
    SslOnConnect,
    StartTls,
    None,
}
