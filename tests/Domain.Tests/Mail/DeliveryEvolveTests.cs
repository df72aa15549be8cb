using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Mail;

public sealed class DeliveryEvolveTests
{
    [Fact]
    public void no_events_means_no_delivery()
    {
        Assert.Null(GivenDelivery.Events());
    }

    [Fact]
    public void a_queued_mail_is_a_delivery_waiting_for_its_first_attempt()
    {
        var queued = ADelivery.Queued();

        var delivery = GivenDelivery.Events(queued);

        Assert.Equal(new Delivery(ADelivery.Id, Given.Tenant, DeliveryKind.Email, DeliveryStatus.Queued, 0, queued, null, null, Given.Earlier, null, Version: 1), delivery);
        Assert.False(delivery!.IsFinished);
    }

    [Fact]
    public void events_before_the_mail_was_queued_are_ignored()
    {
        IDeliveryEvent[] beforeQueued = [ADelivery.AttemptFailed(1), ADelivery.Sent(1), ADelivery.Failed(1)];

        Assert.All(beforeQueued, e => Assert.Null(Delivery.Evolve(null, e)));
    }

    [Fact]
    public void a_failed_attempt_makes_the_delivery_retrying_with_its_route_and_error()
    {
        var delivery = GivenDelivery.Queued(ADelivery.AttemptFailed(1));

        Assert.Equal(DeliveryStatus.Retrying, delivery.Status);
        Assert.Equal(1, delivery.Attempts);
        Assert.Same(ADelivery.Route, delivery.Route);
        Assert.Equal(ADelivery.Reply(451), delivery.LastError);
        Assert.False(delivery.IsFinished);
    }

    [Fact]
    public void a_sent_mail_is_finished_without_an_error_and_knows_when_it_left()
    {
        var delivery = GivenDelivery.Queued(ADelivery.AttemptFailed(1), ADelivery.Sent(2));

        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.Equal(2, delivery.Attempts);
        Assert.Null(delivery.LastError);
        Assert.Equal(Given.Now, delivery.SentAt);
        Assert.True(delivery.IsFinished);
    }

    [Fact]
    public void a_failed_mail_is_finished_with_its_error()
    {
        var delivery = GivenDelivery.Queued(ADelivery.Failed(1, ADelivery.Route));

        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal(1, delivery.Attempts);
        Assert.Equal(ADelivery.Reply(550), delivery.LastError);
        Assert.Null(delivery.SentAt);
        Assert.True(delivery.IsFinished);
    }

    [Fact]
    public void a_failure_without_a_route_keeps_the_route_of_the_last_attempt()
    {
        var delivery = GivenDelivery.Queued(ADelivery.AttemptFailed(1), ADelivery.Failed(2, route: null));

        Assert.Same(ADelivery.Route, delivery.Route);
    }

    [Fact]
    public void each_folded_event_counts_one_version_so_the_next_writer_knows_the_stream_version_to_expect()
    {
        var failed = GivenDelivery.Queued(ADelivery.AttemptFailed(1));
        var retried = GivenDelivery.Queued(ADelivery.Failed(1, ADelivery.Route), new MailRetryRequested(ADelivery.Id, "support-1", Given.Now), ADelivery.Sent(1));

        Assert.Equal(1, GivenDelivery.Queued().Version);
        Assert.Equal(2, failed.Version);
        Assert.Equal(4, retried.Version);
        Assert.Equal(3, Delivery.Evolve(failed, new MailCancelled(ADelivery.Id, "support-1", Given.Now))!.Version);
    }

    [Fact]
    public void an_unknown_event_leaves_the_delivery_unchanged()
    {
        var delivery = GivenDelivery.Queued(ADelivery.AttemptFailed(1));

        Assert.Same(delivery, Delivery.Evolve(delivery, new object()));
        Assert.Same(delivery, Delivery.Evolve(delivery, ADelivery.Queued()));
    }

    [Fact]
    public void every_delivery_event_is_folded()
    {
        var queued = ADelivery.Queued();
        var eventTypes = typeof(IDeliveryEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDeliveryEvent).IsAssignableFrom(t))
            .ToHashSet();
        IDeliveryEvent[] later = [ADelivery.AttemptFailed(1), ADelivery.Sent(1), ADelivery.Failed(1)];
        IDeliveryEvent[] byPeople = [new MailRetryRequested(ADelivery.Id, "support-1", Given.Now), new MailCancelled(ADelivery.Id, "support-1", Given.Now)];

        Assert.Equal(eventTypes, later.Concat(byPeople).Append(queued).Select(e => e.GetType()).ToHashSet());
        Assert.NotNull(Delivery.Evolve(null, queued));
        var state = GivenDelivery.Queued();
        Assert.All(later, e => Assert.NotEqual(state, Delivery.Evolve(state, e)));
        var failed = GivenDelivery.Queued(ADelivery.Failed(1, ADelivery.Route));
        Assert.All(byPeople, e => Assert.NotEqual(failed, Delivery.Evolve(failed, e)));
    }
}
