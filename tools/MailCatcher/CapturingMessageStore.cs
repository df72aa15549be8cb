using System.Buffers;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Desktomy.Email.MailCatcher;

/// <summary>
/// Turns each SMTP transaction into a <see cref="CapturedMail"/> and hands it, with the raw bytes, to a callback,
/// unless the responder rejects it; a <c>beforeReply</c> is awaited first.
/// </summary>
internal sealed class CapturingMessageStore(
    Action<CapturedMail, byte[]> onMessage,
    Func<CapturedMail, SmtpReply?>? responder,
    Func<CapturedMail, CancellationToken, Task>? beforeReply) : IMessageStore
{
    public async Task<SmtpResponse> SaveAsync(
        ISessionContext context,
        IMessageTransaction transaction,
        ReadOnlySequence<byte> buffer,
        CancellationToken cancellationToken)
    {
        var raw = buffer.ToArray();

        MimeMessage message;
        using (var stream = new MemoryStream(raw, writable: false))
        {
            message = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        var recipients = transaction.To.Select(mailbox => mailbox.AsAddress()).OfType<string>().ToArray();
        var user = context.Authentication.IsAuthenticated ? context.Authentication.User : null;

        var mail = new CapturedMail(transaction.From?.AsAddress(), recipients, message, user);
        if (beforeReply is not null)
        {
            await beforeReply(mail, cancellationToken).ConfigureAwait(false);
        }

        if (responder?.Invoke(mail) is { } reply)
        {
            return new SmtpResponse((SmtpReplyCode)reply.Code, reply.Text);
        }

        onMessage(mail, raw);
        return SmtpResponse.Ok;
    }
}
