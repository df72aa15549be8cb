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
    /// How many mails this node sends at once (Wolverine's parallelism on the mail queue); also how many idle connections
    /// the pool keeps per destination. Sending mostly waits on SMTP servers, so this is well above the core count.
    /// </summary>
    public int ParallelSends { get; set; } = 20;

    /// <summary>How long an idle pooled SMTP connection is kept open.</summary>
    public double IdleConnectionSeconds { get; set; } = 30;

    public RetrySchedule RetrySchedule =>
        RetryDelaysSeconds.Length == 0 ? RetrySchedule.Default : new([.. RetryDelaysSeconds.Select(TimeSpan.FromSeconds)]);
}
