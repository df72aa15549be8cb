using System.Text;
using Desktomy.Email.Application.Settings.Import;

namespace Desktomy.Email.Api.Tests.Import;

public sealed class NdjsonLinesTests
{
    [Fact]
    public async Task lines_are_numbered_as_in_an_editor_and_blank_ones_skipped()
    {
        var lines = await ReadAsync("{\"a\":1}\n\n  \n{\"b\":2}\n{\"c\":3}", chunk: 3);

        Assert.Equal([(1, "{\"a\":1}"), (4, "{\"b\":2}"), (5, "{\"c\":3}")], lines.Select(l => (l.Number, Encoding.UTF8.GetString(l.Bytes.Span))));
    }

    [Fact]
    public async Task a_line_over_the_limit_is_reported_too_long_and_the_next_one_read_whole()
    {
        var file = new string('x', ImportLimits.MaxLineBytes * 3) + "\n{\"next\":true}\n" + new string('y', ImportLimits.MaxLineBytes + 1);

        var lines = await ReadAsync(file, chunk: 4096);

        Assert.Equal([(1, true), (2, false), (3, true)], lines.Select(l => (l.Number, l.TooLong)));
        Assert.Equal("{\"next\":true}", Encoding.UTF8.GetString(lines[1].Bytes.Span));
    }

    [Fact]
    public async Task counting_sees_the_last_line_without_a_line_feed()
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{}\n{}\n{}"));

        var count = await NdjsonLineCount.OfAsync(stream, CancellationToken.None);

        Assert.Equal(3, count.Lines);
        Assert.False(count.IsOverLimit);
    }

    private static async Task<List<NdjsonLine>> ReadAsync(string text, int chunk)
    {
        await using var stream = new TrickleStream(Encoding.UTF8.GetBytes(text), chunk);
        var lines = new List<NdjsonLine>();
        await foreach (var line in NdjsonLines.ReadAsync(stream, CancellationToken.None))
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Hands out at most <c>chunk</c> bytes a read, as a network stream does, so lines span reads.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(chunk, count), cancellationToken);
    }
}
