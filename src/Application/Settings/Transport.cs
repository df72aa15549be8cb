using Desktomy.Email.Domain.Settings;

namespace Desktomy.Email.Application.Settings;

/// <summary>How mail to a tenant's clients leaves: through the platform server or the tenant's own.</summary>
public static class Transport
{
    public const string Platform = "platform";
    public const string OwnSmtp = "own-smtp";

    public static string Of(EmailSettings settings) => settings.OwnSmtpEnabled && settings.OwnSmtp is not null ? OwnSmtp : Platform;
}
