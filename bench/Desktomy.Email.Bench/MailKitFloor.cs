using System.Net;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MimeKit;

namespace Desktomy.Email.Bench;

/// <summary>
/// B3s, MailKit's client alone: its synchronous API over one connection on a thread of its own, whose CPU is the figure
/// (<see cref="CpuMeter.MeasureThreadAsync"/>), without the in-process sink that B3's figure also holds. The least any
/// sender of these mails through MailKit spends; the service sends asynchronously, which costs more.
/// </summary>
internal static class MailKitFloor
{
    /// <summary>B3s: MailKit's synchronous client over one connection, on the calling thread.</summary>
    public static int Send(int port, int mails)
    {
        using var client = Connect(port);
        for (var i = 0; i < mails; i++)
        {
            client.Send(Message(i));
        }

        client.Disconnect(true);
        return mails;
    }

    private static SmtpClient Connect(int port)
    {
        // The floor is the best MailKit can do: a socket without Nagle's delay, as the service uses.
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(IPAddress.Loopback, port);
        var client = new SmtpClient();
        client.Connect(socket, "127.0.0.1", port, MailKit.Security.SecureSocketOptions.None);
        return client;
    }

    /// <summary>B3's message: what the service sends for the scenarios' mails, give or take its headers.</summary>
    public static MimeMessage Message(int i)
    {
        var message = new MimeMessage { Subject = $"floor {i}" };
        message.From.Add(MailboxAddress.Parse("automat@desktomy.pl"));
        message.To.Add(MailboxAddress.Parse("jan@klient.pl"));
        message.Body = new TextPart("plain") { Text = "x" };
        return message;
    }
}
