using Desktomy.Email.MailCatcher;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>
/// An SMTP server that holds every mail at its end of data until <see cref="Release"/>, so a test can act while mails
/// are on the wire; <see cref="ReachedAsync"/> waits until one more mail has reached it.
/// </summary>
public sealed class HeldSmtpServer : IAsyncDisposable
{
    private readonly SemaphoreSlim _reached = new(0);
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
                return Task.WhenAny(held._released.Task, Task.Delay(TimeSpan.FromSeconds(30), cancel));
            },
        });
        return held;
    }

    public async Task ReachedAsync(string what) => Assert.True(await _reached.WaitAsync(TimeSpan.FromSeconds(30)), what);

    public void Release() => _released.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await Server.DisposeAsync();
        _reached.Dispose();
    }
}
