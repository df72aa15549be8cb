using System.Buffers;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Desktomy.Email.MailCatcher;

/// <summary>Turns each SMTP transaction into a <see cref="CapturedMail"/> and hands it, with the raw bytes, to a callback.</summary>
internal sealed class CapturingMessageStore(Action<CapturedMail, byte[]> onMessage) : IMessageStore
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

        onMessage(new CapturedMail(transaction.From?.AsAddress(), recipients, message, user), raw);

        return SmtpResponse.Ok;
    }
}
