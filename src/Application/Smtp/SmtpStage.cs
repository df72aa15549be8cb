namespace Desktomy.Email.Application.Smtp;

/// <summary>The step of an SMTP session that failed, as the API names it.</summary>
public static class SmtpStage
{
    public const string Connect = "connect";
    public const string Tls = "tls";
    public const string Auth = "auth";
}
