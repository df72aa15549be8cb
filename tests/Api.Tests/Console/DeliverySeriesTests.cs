using Desktomy.Email.Api.AdminConsole;
using Desktomy.Email.Domain.Mail;

namespace Desktomy.Email.Api.Tests.Console;

/// <summary>The delivery page's series of attempts, from the delivery's events.</summary>
public sealed class DeliverySeriesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly MailRoute Route = new("own-smtp", 3, null, "poczta@acme.pl", null, ["jan@klient.pl"]);

    [Fact]
    public void each_retry_starts_a_series_of_its_own_and_the_earlier_attempts_keep_their_errors()
    {
        var timeout = new DeliveryError("connect", null, "The server at 127.0.0.1:25 did not answer: check the server name and port.");
        var refused = new DeliveryError("send", 550, "The server answered 550: Mailbox full");
        IDeliveryEvent[] events =
        [
            new MailQueued("m", "acme", DeliveryKind.Email, ["jan@klient.pl"], [], [], "Faktura", "<m@acme.pl>", T0),
            new MailAttemptFailed("m", 1, Route, timeout, T0.AddSeconds(10), T0.AddSeconds(1)),
            new MailFailed("m", 2, Route, refused, T0.AddSeconds(11)),
            new MailRetryRequested("m", "support-1", T0.AddMinutes(5)),
            new MailSent("m", 1, Route, T0.AddMinutes(5).AddSeconds(1)),
        ];

        var series = DeliverySeries.Of(events);

        Assert.Equal(2, series.Count);
        Assert.Equal([DeliveryStatus.Retrying, DeliveryStatus.Failed], series[0].Attempts.Select(a => a.Outcome));
        Assert.Equal(T0.AddSeconds(10), series[0].Attempts[0].NextAttemptAt);
        Assert.Equal(refused, series[0].Attempts[1].Error);
        Assert.Null(series[0].RetriedBy);
        Assert.Equal("support-1", series[1].RetriedBy);
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(series[1].Attempts).Outcome);
    }

    [Fact]
    public void a_cancellation_closes_the_series_it_falls_in()
    {
        IDeliveryEvent[] events =
        [
            new MailQueued("m", "acme", DeliveryKind.Email, ["jan@klient.pl"], [], [], "Faktura", "<m@acme.pl>", T0),
            new MailCancelled("m", "admin-of-acme", T0.AddSeconds(3)),
        ];

        var only = Assert.Single(DeliverySeries.Of(events));

        Assert.Empty(only.Attempts);
        Assert.Equal(("admin-of-acme", T0.AddSeconds(3)), only.Cancelled);
    }
}
