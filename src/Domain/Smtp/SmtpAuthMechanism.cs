namespace Desktomy.Email.Domain.Smtp;

public enum SmtpAuthMechanism
{
    Auto,
    Plain,
    Login,
    CramMd5,
    None,
}
