using Marten;

namespace Desktomy.Email.Application.Mail.Sending;

/// <summary>
/// The Wolverine handler of the durable local queue. Wolverine opens <paramref name="session"/> for the envelope's
/// tenant and commits it (with the delivery's new events) when the method returns.
/// </summary>
public static class SendMailHandler
{
    public static Task Handle(SendMail message, IDocumentSession session, MailSender sender, CancellationToken cancellationToken)
    {
        if (session.TenantId != message.TenantId)
        {
            throw new InvalidOperationException($"A message for tenant '{message.TenantId}' reached a session of tenant '{session.TenantId}'.");
        }

        return sender.SendAsync(message, session, cancellationToken);
    }
}
