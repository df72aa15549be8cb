using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Mail;

namespace Desktomy.Email.Application.Mail.Sending;

/// <summary>
/// How a delivery leaves, from the tenant's settings at send time: notifications go to the primary e-mail from the
/// platform address; mail to clients goes through the tenant's own server when enabled, else from the platform
/// address with the sender name and Reply-To: primary e-mail.
/// </summary>
public static class MailRouting
{
    public static MailRoute Route(Delivery delivery, EmailSettingsDocument settings, PlatformMailOptions platform)
    {
        var tenant = settings.Settings;
        if (delivery.Kind == DeliveryKind.Notification)
        {
            return new MailRoute(Transport.Platform, settings.Version, null, platform.FromAddress, null, [tenant.PrimaryEmail]);
        }

        return Transport.Of(tenant) == Transport.OwnSmtp
            ? new MailRoute(Transport.OwnSmtp, settings.Version, tenant.SenderName, tenant.OwnSmtp!.SenderEmail, null, delivery.Request.To)
            : new MailRoute(Transport.Platform, settings.Version, tenant.SenderName, platform.FromAddress, tenant.PrimaryEmail, delivery.Request.To);
    }
}
