using Desktomy.Email.Domain.Mail;

namespace Desktomy.Email.Application.Mail;

/// <summary>What the API shows of a delivery: what was sent, how, with which settings version, and what happened.</summary>
public sealed record DeliveryView(
    string Id,
    DeliveryKind Kind,
    DeliveryStatus Status,
    int Attempts,
    string? Transport,
    long? SettingsVersion,
    string? From,
    string? ReplyTo,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    string Subject,
    string MessageId,
    DeliveryError? LastError,
    DateTimeOffset QueuedAt,
    DateTimeOffset? SentAt)
{
    public static DeliveryView Of(Delivery delivery)
    {
        var route = delivery.Route;
        return new DeliveryView(
            delivery.Id,
            delivery.Kind,
            delivery.Status,
            delivery.Attempts,
            route?.Transport,
            route?.SettingsVersion,
            route is null ? null : Mailboxes.Display(route.FromName, route.FromAddress),
            route?.ReplyTo,
            route?.To ?? delivery.Request.To,
            delivery.Request.Cc,
            delivery.Request.Subject,
            delivery.Request.MessageId,
            delivery.LastError,
            delivery.QueuedAt,
            delivery.SentAt);
    }
}
