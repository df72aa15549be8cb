using Desktomy.Email.Domain.Mail;

namespace Desktomy.Email.Application.Mail;

/// <summary>Configuration section <c>Mail:Delivery</c>.</summary>
public sealed class MailDeliveryOptions
{
    public const string Section = "Mail:Delivery";

    /// <summary>
    /// Waits between attempts after a transient failure; after the last one the delivery fails. Empty means
    /// <see cref="RetrySchedule.Default"/> (no initializer here: the configuration binder would merge into it).
    /// </summary>
    public double[] RetryDelaysSeconds { get; set; } = [];

    /// <summary>
    /// How many mails this node sends at once (the queue worker's parallelism); also how many idle connections
    /// the pool keeps per destination. Sending mostly waits on SMTP servers, so this is well above the core count.
    /// </summary>
    public int ParallelSends { get; set; } = 20;

    /// <summary>
    /// How many due mails one claim takes. Their outcomes are recorded in one commit; when a node dies, up to this many
    /// mails it had already sent may be sent again by another node (the same Message-Id).
    /// </summary>
    public int ClaimBatchSize { get; set; } = 100;

    /// <summary>How long an idle queue worker waits before it looks for due mail again (a commit on this node wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// While mail keeps coming, how long the worker waits after a claim that was not full before it claims again, so
    /// that the mails accepted meanwhile share one claim and one completing commit instead of a pair of commits per few
    /// mails. An idle worker woken by a mail this node accepted waits as long before it claims, so that the request
    /// answers before the claim and the sends take the cores (a 100-mail batch was answered 1.1 ms sooner). Zero turns
    /// both waits off. 10 ms: with 4 clients posting single mails, 0.56 commits per mail against 0.63 at 2 ms
    /// (docs/benchmark-notes.md, round 11); a mail waits up to that long before it is claimed.
    /// </summary>
    public TimeSpan ClaimLinger { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How long a claim is this node's alone; the node renews it every third of it while the claim's mails are being
    /// sent. A claim whose lease ran out is taken by another node: that is how a dead node's mail is sent, one lease
    /// after its death at the latest.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an idle pooled SMTP connection is kept open.</summary>
    public double IdleConnectionSeconds { get; set; } = 30;

    public RetrySchedule RetrySchedule =>
        RetryDelaysSeconds.Length == 0 ? RetrySchedule.Default : new([.. RetryDelaysSeconds.Select(TimeSpan.FromSeconds)]);
}
