using Desktomy.Email.Application.Mail.Sending;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Mail;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Application.Mail.Queue;

/// <summary>What one attempt on a claimed mail came to, before anything is recorded.</summary>
public abstract record AttemptResult(DateTimeOffset At)
{
    /// <summary>The delivery was already finished: nothing to send, its row goes.</summary>
    public sealed record NothingToDo(DateTimeOffset At) : AttemptResult(At);

    public sealed record Delivered(MailRoute Route, DateTimeOffset At) : AttemptResult(At);

    public sealed record Refused(MailRoute Route, DeliveryError Error, bool Permanent, DateTimeOffset At) : AttemptResult(At);

    /// <summary>Poison: something other than the SMTP exchange failed (a missing document, a bug).</summary>
    public sealed record Unprocessable(string Problem, DateTimeOffset At) : AttemptResult(At);
}

/// <summary>
/// One attempt to send a claimed mail, on the documents the claim read: the route from the tenant's settings of this
/// moment, then the SMTP exchange. It records nothing: <see cref="MailOutcome"/> turns its result into the delivery's event.
/// </summary>
public sealed partial class MailAttempt(MailSender sender, IOptions<PlatformMailOptions> platform, TimeProvider clock, ILogger<MailAttempt> logger)
{
    private readonly PlatformSender _platform = platform.Value.Sender();

    public async Task<AttemptResult> RunAsync(ClaimedMail mail, CancellationToken cancellationToken)
    {
        try
        {
            var delivery = mail.Delivery ?? throw new InvalidOperationException($"Delivery '{mail.DeliveryId}' of tenant '{mail.TenantId}' does not exist.");
            if (delivery.IsFinished)
            {
                return new AttemptResult.NothingToDo(clock.GetUtcNow());
            }

            var content = mail.Content ?? throw new InvalidOperationException($"Delivery '{mail.DeliveryId}' has no content.");
            var settings = mail.Settings ?? throw new InvalidOperationException($"Tenant '{mail.TenantId}' has no e-mail settings.");
            var route = MailRouting.Route(delivery, settings.Settings, settings.Version, _platform);
            try
            {
                await sender.SendAsync(delivery, content, route, settings, cancellationToken);
                return new AttemptResult.Delivered(route, clock.GetUtcNow());
            }
            catch (SmtpFailureException failure)
            {
                return new AttemptResult.Refused(route, new DeliveryError(failure.Stage, failure.SmtpStatusCode, failure.Message), failure.Permanent, clock.GetUtcNow());
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogUnprocessable(logger, e, mail.DeliveryId, mail.TenantId, mail.Failures + 1);
            return new AttemptResult.Unprocessable(e.GetType().Name, clock.GetUtcNow());
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail {DeliveryId} of tenant {TenantId} could not be processed (try {Try})")]
    private static partial void LogUnprocessable(ILogger logger, Exception exception, string deliveryId, string tenantId, int @try);
}
