using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Mail;

/// <summary>Delivery events, routes, errors and settings with sensible defaults; a test names only what it is about.</summary>
internal static class ADelivery
{
    public const string Id = "0193a0c4-mail";
    public static readonly IReadOnlyList<string> To = ["jan@klient.pl"];
    public static readonly IReadOnlyList<string> Cc = ["anna@klient.pl"];
    public static readonly IReadOnlyList<string> NoOne = [];
    public static readonly PlatformSender Platform = new("DESKTOMY", "automat@desktomy.pl");
    public static readonly MailRoute Route = new(MailRouting.Platform, 2, "Biuro Acme", "automat@desktomy.pl", A.PrimaryEmail, To);
    public static readonly RetrySchedule Schedule = new([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)]);

    public static MailQueued Queued(DeliveryKind kind = DeliveryKind.Email) =>
        new(Id, Given.Tenant, kind, kind == DeliveryKind.Email ? To : NoOne, Cc, NoOne, "Faktura", $"<{Id}@desktomy.pl>", Given.Earlier);

    public static MailAttemptFailed AttemptFailed(int attempt, MailRoute? route = null) =>
        new(Id, attempt, route ?? Route, Reply(451), Given.Earlier.AddSeconds(5), Given.Earlier);

    public static MailSent Sent(int attempt) => new(Id, attempt, Route, Given.Now);

    public static MailFailed Failed(int attempt, MailRoute? route = null) => new(Id, attempt, route, Reply(550), Given.Now);

    public static DeliveryError Reply(int code, string stage = "send") => new(stage, code, $"The server answered {code}.");

    public static DeliveryError Broken(string stage = "connect") => new(stage, null, "The connection to smtp.acme.pl:465 was refused.");

    public static EmailSettings Settings(bool ownSmtpEnabled = false, string? senderName = "Biuro Acme", OwnSmtpConfiguration? smtp = null) =>
        new(Given.Tenant, A.PrimaryEmail, senderName, ownSmtpEnabled, smtp ?? (ownSmtpEnabled ? A.SmtpConfiguration() : null));
}

/// <summary>Builds a delivery the way its projection does: by folding its events through <see cref="Delivery.Evolve"/>.</summary>
internal static class GivenDelivery
{
    public static Delivery? Events(params IDeliveryEvent[] events) => events.Aggregate((Delivery?)null, (state, e) => Delivery.Evolve(state, e));

    public static Delivery Queued(params IDeliveryEvent[] later) => Events([ADelivery.Queued(), .. later])!;
}

/// <summary>The outcomes of one attempt, decided at <see cref="Given.Now"/> on the test schedule.</summary>
internal static class WhenAttempt
{
    public static IDeliveryEvent Succeeds(Delivery delivery) => DeliveryDecider.Sent(delivery, ADelivery.Route, Given.Now);

    public static IDeliveryEvent FailsWith(Delivery delivery, DeliveryError error, bool cannotSucceed = false) =>
        DeliveryDecider.Failed(delivery, ADelivery.Route, error, cannotSucceed, ADelivery.Schedule, Given.Now);
}
