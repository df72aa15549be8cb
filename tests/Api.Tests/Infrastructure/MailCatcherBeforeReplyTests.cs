using Desktomy.Email.MailCatcher;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>The mail catcher's <see cref="MailCatcherOptions.BeforeReply"/>: a message is held at its end of data until that task ends.</summary>
public sealed class MailCatcherBeforeReplyTests
{
    [Fact]
    public async Task a_message_is_neither_answered_nor_captured_until_its_before_reply_task_ends()
    {
        var reached = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await MailCatcherServer.StartAsync(new MailCatcherOptions
        {
            BeforeReply = (mail, _) =>
            {
                reached.TrySetResult(mail.Message.Subject);
                return release.Task;
            },
        });
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", server.Port, SecureSocketOptions.None);
        var message = new MimeMessage { Subject = "held" };
        message.From.Add(MailboxAddress.Parse("automat@desktomy.pl"));
        message.To.Add(MailboxAddress.Parse("jan@klient.pl"));
        message.Body = new TextPart("plain") { Text = "x" };

        var sending = client.SendAsync(message);
        var subject = await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var whileHeld = (sending.IsCompleted, server.Count);
        release.SetResult();
        await sending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("held", subject);
        Assert.Equal((false, 0), whileHeld);
        Assert.Equal(1, server.Count);
        await client.DisconnectAsync(quit: true);
    }
}
