using Desktomy.Email.MailCatcher;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>The mail catcher's count, with its messages kept (the tests') and without (the benchmark's long runs).</summary>
public sealed class MailCatcherKeepMessagesTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task every_message_is_counted_and_raised_and_kept_only_when_asked(bool keep)
    {
        await using var server = await MailCatcherServer.StartAsync(new MailCatcherOptions { KeepMessages = keep });
        var raised = new List<string?>();
        server.MessageReceived += mail =>
        {
            lock (raised)
            {
                raised.Add(mail.Message.Subject);
            }
        };

        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", server.Port, SecureSocketOptions.None);
            foreach (var subject in new[] { "one", "two", "three" })
            {
                var message = new MimeMessage { Subject = subject };
                message.From.Add(MailboxAddress.Parse("automat@desktomy.pl"));
                message.To.Add(MailboxAddress.Parse("jan@klient.pl"));
                message.Body = new TextPart("plain") { Text = "x" };
                await client.SendAsync(message);
            }

            await client.DisconnectAsync(quit: true);
        }

        Assert.Equal(3, server.Count);
        Assert.Equal(["one", "two", "three"], raised);
        Assert.Equal(keep ? ["one", "two", "three"] : [], server.Messages.Select(m => m.Message.Subject));
    }
}
