using Desktomy.Email.Domain.Mail;
using Mediator;

namespace Desktomy.Email.Application.Mail.QueueMail;

/// <summary>Accept a mail to the tenant's clients (<see cref="DeliveryKind.Email"/>) or a notification to its primary e-mail.</summary>
public sealed record QueueMailCommand(
    string TenantId,
    DeliveryKind Kind,
    IReadOnlyList<string>? To,
    IReadOnlyList<string>? Cc,
    IReadOnlyList<string>? Bcc,
    string? Subject,
    string? TextBody,
    string? HtmlBody,
    string? IdempotencyKey) : ICommand<QueuedMail>
{
    public const int MaxIdempotencyKeyLength = 200;
}
