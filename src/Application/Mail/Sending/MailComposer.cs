using Desktomy.Email.Domain.Mail;
using MimeKit;

namespace Desktomy.Email.Application.Mail.Sending;

/// <summary>Builds the MIME message of a delivery for its route. The Message-Id is the one fixed when the mail was accepted.</summary>
public static class MailComposer
{
    public static MimeMessage Compose(Delivery delivery, MailContent content, MailRoute route)
    {
        var request = delivery.Request;
        var message = new MimeMessage
        {
            Subject = request.Subject,
            MessageId = request.MessageId.Trim('<', '>'),
            Date = request.OccurredAt,
        };
        message.From.Add(new MailboxAddress(route.FromName, route.FromAddress));
        if (route.ReplyTo is not null)
        {
            message.ReplyTo.Add(MailboxAddress.Parse(route.ReplyTo));
        }

        message.To.AddRange(route.To.Select(MailboxAddress.Parse));
        if (delivery.Kind == DeliveryKind.Email)
        {
            message.Cc.AddRange(request.Cc.Select(MailboxAddress.Parse));
            message.Bcc.AddRange(request.Bcc.Select(MailboxAddress.Parse));
        }

        message.Body = new BodyBuilder { TextBody = content.TextBody, HtmlBody = content.HtmlBody }.ToMessageBody();
        return message;
    }
}
