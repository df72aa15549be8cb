using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Mail;

public sealed class MailRoutingTests
{
    private const long SettingsVersion = 4;

    [Fact]
    public void a_notification_goes_to_the_primary_email_from_the_platform_name_and_address_without_reply_to()
    {
        var notification = GivenDelivery.Events(ADelivery.Queued(DeliveryKind.Notification))!;

        var route = MailRouting.Route(notification, ADelivery.Settings(), SettingsVersion, ADelivery.Platform);

        Assert.Equal((MailRouting.Platform, SettingsVersion, "DESKTOMY", "automat@desktomy.pl", (string?)null), (route.Transport, route.SettingsVersion, route.FromName, route.FromAddress, route.ReplyTo));
        Assert.Equal([A.PrimaryEmail], route.To);
    }

    [Fact]
    public void a_notification_leaves_from_the_platform_even_when_own_smtp_is_enabled()
    {
        var notification = GivenDelivery.Events(ADelivery.Queued(DeliveryKind.Notification))!;

        var route = MailRouting.Route(notification, ADelivery.Settings(ownSmtpEnabled: true), SettingsVersion, ADelivery.Platform);

        Assert.Equal((MailRouting.Platform, "automat@desktomy.pl"), (route.Transport, route.FromAddress));
    }

    [Fact]
    public void a_platform_without_a_name_sends_notifications_from_the_bare_address()
    {
        var notification = GivenDelivery.Events(ADelivery.Queued(DeliveryKind.Notification))!;

        var route = MailRouting.Route(notification, ADelivery.Settings(), SettingsVersion, new PlatformSender(null, "automat@desktomy.pl"));

        Assert.Null(route.FromName);
    }

    [Fact]
    public void mail_to_clients_leaves_from_the_platform_address_with_the_sender_name_and_reply_to_the_primary_email()
    {
        var mail = GivenDelivery.Queued();

        var route = MailRouting.Route(mail, ADelivery.Settings(senderName: "Biuro Acme"), SettingsVersion, ADelivery.Platform);

        Assert.Equal(new MailRoute(MailRouting.Platform, SettingsVersion, "Biuro Acme", "automat@desktomy.pl", A.PrimaryEmail, ADelivery.To), route);
    }

    [Fact]
    public void mail_to_clients_goes_through_the_enabled_own_server_from_its_sender_email_without_reply_to()
    {
        var mail = GivenDelivery.Queued();

        var route = MailRouting.Route(mail, ADelivery.Settings(ownSmtpEnabled: true, senderName: "Biuro Acme"), SettingsVersion, ADelivery.Platform);

        Assert.Equal(new MailRoute(MailRouting.OwnSmtp, SettingsVersion, "Biuro Acme", A.SenderEmail, null, ADelivery.To), route);
    }

    [Fact]
    public void a_disabled_own_server_is_kept_but_not_used()
    {
        var mail = GivenDelivery.Queued();

        var route = MailRouting.Route(mail, ADelivery.Settings(ownSmtpEnabled: false, smtp: A.SmtpConfiguration()), SettingsVersion, ADelivery.Platform);

        Assert.Equal((MailRouting.Platform, "automat@desktomy.pl", A.PrimaryEmail), (route.Transport, route.FromAddress, route.ReplyTo));
    }

    [Fact]
    public void without_a_sender_name_mail_leaves_from_the_bare_address()
    {
        var route = MailRouting.Route(GivenDelivery.Queued(), ADelivery.Settings(senderName: null), SettingsVersion, ADelivery.Platform);

        Assert.Null(route.FromName);
    }

    [Theory]
    [InlineData("automat@desktomy.pl", "desktomy.pl")]
    [InlineData("noreply@mail.desktomy.pl", "mail.desktomy.pl")]
    public void the_platform_mail_domain_is_the_part_after_the_at(string address, string domain)
    {
        Assert.Equal(domain, new PlatformSender("DESKTOMY", address).MailDomain);
    }
}
