using Desktomy.Email.Domain.Mail;

namespace Desktomy.Email.Application.Mail;

/// <summary>Configuration section <c>Mail:Delivery</c>.</summary>
public sealed class MailDeliveryOptions
{
    public const string Section = "Mail:Delivery";

    /// <summary>Waits between attempts after a transient failure; after the last one the delivery fails.</summary>
    public double[] RetryDelaysSeconds { get; set; } = [.. RetrySchedule.Default.Delays.Select(d => d.TotalSeconds)];

    /// <summary>How long an idle pooled SMTP connection is kept open.</summary>
    public double IdleConnectionSeconds { get; set; } = 30;

    public RetrySchedule RetrySchedule => new([.. RetryDelaysSeconds.Select(TimeSpan.FromSeconds)]);
}
