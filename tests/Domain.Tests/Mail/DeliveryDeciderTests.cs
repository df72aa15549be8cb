using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Mail;

public sealed class DeliveryDeciderTests
{
    [Fact]
    public void a_first_attempt_that_succeeds_sends_the_mail_as_attempt_one()
    {
        var outcome = WhenAttempt.Succeeds(GivenDelivery.Queued());

        Assert.Equal(new MailSent(ADelivery.Id, 1, ADelivery.Route, Given.Now), outcome);
    }

    [Fact]
    public void a_retry_that_succeeds_counts_every_attempt()
    {
        var outcome = WhenAttempt.Succeeds(GivenDelivery.Queued(ADelivery.AttemptFailed(1), ADelivery.AttemptFailed(2)));

        Assert.Equal(3, Assert.IsType<MailSent>(outcome).Attempt);
    }

    [Theory]
    [InlineData(421)]
    [InlineData(450)]
    [InlineData(451)]
    [InlineData(454)]
    public void a_4xx_reply_is_retried_after_the_first_delay(int code)
    {
        var outcome = WhenAttempt.FailsWith(GivenDelivery.Queued(), ADelivery.Reply(code));

        Assert.Equal(new MailAttemptFailed(ADelivery.Id, 1, ADelivery.Route, ADelivery.Reply(code), Given.Now.AddSeconds(5), Given.Now), outcome);
    }

    [Theory]
    [InlineData("connect")]
    [InlineData("tls")]
    [InlineData("send")]
    public void a_failure_without_a_reply_code_is_retried(string stage)
    {
        var outcome = WhenAttempt.FailsWith(GivenDelivery.Queued(), ADelivery.Broken(stage));

        Assert.IsType<MailAttemptFailed>(outcome);
    }

    [Theory]
    [InlineData(500, "send")]
    [InlineData(550, "send")]
    [InlineData(554, "send")]
    [InlineData(535, "auth")]
    public void a_5xx_reply_fails_the_delivery_at_once(int code, string stage)
    {
        var outcome = WhenAttempt.FailsWith(GivenDelivery.Queued(), ADelivery.Reply(code, stage));

        Assert.Equal(new MailFailed(ADelivery.Id, 1, ADelivery.Route, ADelivery.Reply(code, stage), Given.Now), outcome);
    }

    [Fact]
    public void a_failure_retrying_cannot_mend_fails_at_once_whatever_its_code()
    {
        var delivery = GivenDelivery.Queued();

        Assert.IsType<MailFailed>(WhenAttempt.FailsWith(delivery, ADelivery.Broken("connect"), cannotSucceed: true));
        Assert.IsType<MailFailed>(WhenAttempt.FailsWith(delivery, ADelivery.Reply(454, "auth"), cannotSucceed: true));
    }

    [Fact]
    public void the_second_retry_waits_the_second_delay()
    {
        var outcome = WhenAttempt.FailsWith(GivenDelivery.Queued(ADelivery.AttemptFailed(1)), ADelivery.Reply(451));

        var retry = Assert.IsType<MailAttemptFailed>(outcome);
        Assert.Equal((2, Given.Now.AddSeconds(30)), (retry.Attempt, retry.NextAttemptAt));
    }

    [Fact]
    public void a_transient_failure_after_the_last_retry_fails_the_delivery()
    {
        var outcome = WhenAttempt.FailsWith(GivenDelivery.Queued(ADelivery.AttemptFailed(1), ADelivery.AttemptFailed(2)), ADelivery.Reply(451));

        Assert.Equal(new MailFailed(ADelivery.Id, 3, ADelivery.Route, ADelivery.Reply(451), Given.Now), outcome);
    }

    [Fact]
    public void a_message_that_cannot_be_processed_fails_the_delivery_at_the_internal_stage_on_its_last_route()
    {
        var delivery = GivenDelivery.Queued(ADelivery.AttemptFailed(1));

        var outcome = DeliveryDecider.Poisoned(delivery, "NpgsqlException", Given.Now);

        Assert.Equal((2, ADelivery.Route, DeliveryDecider.InternalStage, (int?)null), (outcome.Attempt, outcome.Route, outcome.Error.Stage, outcome.Error.SmtpStatusCode));
        Assert.Contains("NpgsqlException", outcome.Error.Message, StringComparison.Ordinal);
    }
}
