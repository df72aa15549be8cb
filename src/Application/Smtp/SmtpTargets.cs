using Desktomy.Email.Domain.Settings;

namespace Desktomy.Email.Application.Smtp;

public static class SmtpTargets
{
    public static SmtpTarget For(OwnSmtpConfiguration smtp, string? password) =>
        new(smtp.Host, smtp.Port, smtp.Security, smtp.Username, password, smtp.Advanced);
}
