using Desktomy.Email.MailCatcher;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>
/// An SMTP server that holds every mail at its end of data until <see cref="Release"/>, so a test can act while mails
/// are on the wire (or, one at a time, until <see cref="Step"/>); <see cref="ReachedAsync"/> waits until one more mail has
/// reached it.
/// </summary>
public sealed class HeldSmtpServer : IAsyncDisposable
{
    private readonly SemaphoreSlim _reached = new(0);
    private readonly SemaphoreSlim _steps = new(0);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HeldSmtpServer() { }

    public MailCatcherServer Server { get; private set; } = null!;

    public static async Task<HeldSmtpServer> StartAsync()
    {
        var held = new HeldSmtpServer();
        held.Server = await MailCatcherServer.StartAsync(new MailCatcherOptions
        {
            BeforeReply = (_, cancel) =>
            {
                held._reached.Release();
                return Task.WhenAny(held._released.Task, held._steps.WaitAsync(cancel), Task.Delay(TimeSpan.FromSeconds(30), cancel));
            },
        });
        return held;
    }

    public async Task ReachedAsync(string what) => Assert.True(await _reached.WaitAsync(TimeSpan.FromSeconds(30)), what);

    public void Release() => _released.TrySetResult();

    /// <summary>Lets one held mail be answered; the others stay held.</summary>
    public void Step() => _steps.Release();

    public async ValueTask DisposeAsync()
    {
        Release();
        await Server.DisposeAsync();
        _reached.Dispose();
        _steps.Dispose();
    }
}
