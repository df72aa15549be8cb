using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Desktomy.Email.MailCatcher;

/// <summary>
/// Local mail catcher: <c>dotnet run --project tools/MailCatcher -- [--port 2525] [--address 127.0.0.1] [--out DIR]</c>.
/// </summary>
internal static class Program
{
    private const string Usage = "Usage: MailCatcher [--port N] [--address IP] [--out DIR]";

    public static async Task<int> Main(string[] args)
    {
        if (args.Any(arg => arg is "-h" or "--help"))
        {
            Console.WriteLine("Local SMTP server that prints a summary of every message and optionally saves it as .eml.");
            Console.WriteLine(Usage);
            return 0;
        }

        MailCatcherOptions options;
        try
        {
            options = ParseArguments(args);
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        MailCatcherServer server;
        try
        {
            server = await MailCatcherServer.StartAsync(options, stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"Cannot listen on {options.Address}:{options.Port}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await using var _ = server.ConfigureAwait(false);
        server.MessageReceived += mail => Console.WriteLine(Summarize(mail));

        var saving = options.OutputDirectory is null ? "mail summarised here only, not kept" : $"mail saved to {Path.GetFullPath(options.OutputDirectory)}";
        Console.WriteLine($"Mail catcher listening on smtp://{options.Address}:{server.Port} ({saving})");

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine($"Mail catcher stopped ({server.Count} message(s) received).");
        return 0;
    }

    private static string Summarize(CapturedMail mail)
    {
        var time = DateTimeOffset.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var from = mail.EnvelopeFrom ?? "<>";
        var to = string.Join(", ", mail.EnvelopeTo);
        return $"{time}  from {from}  to {to}  subject \"{mail.Message.Subject}\"";
    }

    private static MailCatcherOptions ParseArguments(string[] args)
    {
        // Nothing here reads the kept messages: a long session's catcher would only grow with them.
        var options = new MailCatcherOptions { Port = 2525, KeepMessages = false };
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                throw new FormatException($"Missing value for '{name}'.");
            }

            var value = args[++i];
            options = name switch
            {
                "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
                    => options with { Port = port },
                "--port" => throw new FormatException($"Invalid port '{value}'."),
                "--address" => options with { Address = value },
                "--out" => options with { OutputDirectory = value },
                _ => throw new FormatException($"Unknown option '{name}'."),
            };
        }

        return options;
    }
}
