using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Mail;

public sealed class DeliveryRetryCancelTests
{
    [Fact]
    public void a_failed_delivery_retried_is_queued_again_for_a_new_series_of_attempts()
    {
        var failed = GivenDelivery.Queued(ADelivery.Failed(3, ADelivery.Route));

        var retry = DeliveryDecider.Retry(failed, "support-1", Given.Now);
        var delivery = Delivery.Evolve(failed, retry)!;

        Assert.Equal(new MailRetryRequested(ADelivery.Id, "support-1", Given.Now), retry);
        Assert.Equal((DeliveryStatus.Queued, 0, false), (delivery.Status, delivery.Attempts, delivery.IsFinished));
    }

    [Fact]
    public void only_a_failed_delivery_can_be_retried()
    {
        Delivery[] notFailed = [GivenDelivery.Queued(), GivenDelivery.Queued(ADelivery.AttemptFailed(1)), GivenDelivery.Queued(ADelivery.Sent(1))];

        Assert.All(notFailed, delivery => Assert.Throws<DeliveryStatusConflictException>(() => DeliveryDecider.Retry(delivery, "support-1", Given.Now)));
    }

    [Fact]
    public void a_delivery_still_to_be_sent_is_cancelled_and_finished()
    {
        var retrying = GivenDelivery.Queued(ADelivery.AttemptFailed(1));

        var delivery = Delivery.Evolve(retrying, DeliveryDecider.Cancel(retrying, "admin", Given.Now))!;

        Assert.Equal(DeliveryStatus.Cancelled, delivery.Status);
        Assert.True(delivery.IsFinished);
    }

    [Fact]
    public void a_sent_failed_or_cancelled_delivery_cannot_be_cancelled()
    {
        var cancelled = GivenDelivery.Queued(new MailCancelled(ADelivery.Id, "admin", Given.Now));
        Delivery[] finished = [GivenDelivery.Queued(ADelivery.Sent(1)), GivenDelivery.Queued(ADelivery.Failed(1, ADelivery.Route)), cancelled];

        Assert.All(finished, delivery => Assert.Throws<DeliveryStatusConflictException>(() => DeliveryDecider.Cancel(delivery, "admin", Given.Now)));
    }
}
