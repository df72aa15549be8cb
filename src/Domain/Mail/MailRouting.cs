using Desktomy.Email.Domain.Settings;

namespace Desktomy.Email.Domain.Mail;

/// <summary>
/// How a delivery leaves, from the tenant's settings at send time. Notifications go to the primary e-mail from the
/// platform, under the platform's name and without Reply-To (a reply would go back to the tenant itself). Mail to
/// clients goes through the tenant's own server when enabled, else from the platform address with the tenant's sender
/// name and Reply-To: primary e-mail. A test message (<see cref="DeliveryKind.Test"/>) takes the route of mail to
/// clients, to the address it was asked for: it shows what a client would get.
/// </summary>
public static class MailRouting
{
    public const string Platform = "platform";
    public const string OwnSmtp = "own-smtp";

    public static MailRoute Route(Delivery delivery, EmailSettings tenant, long settingsVersion, PlatformSender platform)
    {
        if (delivery.Kind == DeliveryKind.Notification)
        {
            return new MailRoute(Platform, settingsVersion, platform.Name, platform.Address, null, [tenant.PrimaryEmail]);
        }

        return TransportOf(tenant) == OwnSmtp
            ? new MailRoute(OwnSmtp, settingsVersion, tenant.SenderName, tenant.OwnSmtp!.SenderEmail, null, delivery.Request.To)
            : new MailRoute(Platform, settingsVersion, tenant.SenderName, platform.Address, tenant.PrimaryEmail, delivery.Request.To);
    }

    /// <summary>How mail to the tenant's clients leaves now: <see cref="OwnSmtp"/> when it is enabled and configured.</summary>
    public static string TransportOf(EmailSettings tenant) => tenant is { OwnSmtpEnabled: true, OwnSmtp: not null } ? OwnSmtp : Platform;
}

/// <summary>Who platform mail comes from: the platform's display name and address, and the mail domain of that address.</summary>
public sealed class PlatformSender(string? name, string address)
{
    public string? Name { get; } = name;

    public string Address { get; } = address;

    /// <summary>The part after the @: it names our Message-Ids and is the HELO name we greet servers with.</summary>
    public string MailDomain { get; } = address[(address.LastIndexOf('@') + 1)..];
}
