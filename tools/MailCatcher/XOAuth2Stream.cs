using System.Text;

namespace Desktomy.Email.MailCatcher;

/// <summary>
/// A session's byte stream with its lines passed through an <see cref="XOAuth2Session"/>. Input is handed on a whole
/// line at a time (SmtpServer acts on nothing less), and it reads from the connection only when asked, so nothing of a
/// TLS handshake after STARTTLS is read here. SmtpServer writes and flushes one whole reply at a time.
/// </summary>
internal sealed class XOAuth2Stream(Stream inner, XOAuth2Session session) : Stream
{
    private readonly byte[] _received = new byte[4096];
    private readonly MemoryStream _partialLine = new();
    private ReadOnlyMemory<byte> _ready = ReadOnlyMemory<byte>.Empty;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_ready.IsEmpty)
        {
            var count = await inner.ReadAsync(_received, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                _ready = _partialLine.ToArray();
                _partialLine.SetLength(0);
                break;
            }

            _ready = CompleteLines(_received.AsSpan(0, count));
        }

        var taken = Math.Min(buffer.Length, _ready.Length);
        _ready[..taken].CopyTo(buffer);
        _ready = _ready[taken..];
        return taken;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!session.Attempting)
        {
            return inner.WriteAsync(buffer, cancellationToken);
        }

        var lines = Encoding.ASCII.GetString(buffer.Span).Split("\r\n");
        return inner.WriteAsync(Encoding.ASCII.GetBytes(string.Join("\r\n", lines.Select(session.TranslateReply))), cancellationToken);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    // SmtpServer's pipes only read and write asynchronously.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _partialLine.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The complete lines <paramref name="received"/> ends, translated; the rest waits for its line end.</summary>
    private byte[] CompleteLines(ReadOnlySpan<byte> received)
    {
        using var complete = new MemoryStream();
        while (received.IndexOf((byte)'\n') is var end and >= 0)
        {
            _partialLine.Write(received[..(end + 1)]);
            received = received[(end + 1)..];
            var line = _partialLine.ToArray();
            _partialLine.SetLength(0);
            complete.Write(session.Concerns(line) ? Translate(line) : line);
        }

        _partialLine.Write(received);
        return complete.ToArray();
    }

    private byte[] Translate(byte[] line) =>
        Encoding.ASCII.GetBytes(session.TranslateCommand(Encoding.ASCII.GetString(line).TrimEnd('\r', '\n')) + "\r\n");
}
