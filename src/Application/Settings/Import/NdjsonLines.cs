using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Desktomy.Email.Application.Settings.Import;

/// <summary>One line of an NDJSON file, numbered from 1 as an editor shows it; <see cref="TooLong"/> lines carry no bytes.</summary>
public sealed record NdjsonLine(int Number, ReadOnlyMemory<byte> Bytes, bool TooLong);

/// <summary>
/// Reads an NDJSON stream line by line without holding more than one line (at most <see cref="ImportLimits.MaxLineBytes"/>)
/// in memory: a longer line is skipped to its end and reported as too long. Blank lines are skipped.
/// </summary>
public static class NdjsonLines
{
    public static async IAsyncEnumerable<NdjsonLine> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var number = 0;
        var skipping = false;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    number++;
                    if (Take(number, line, skipping) is { } taken)
                    {
                        yield return taken;
                    }

                    skipping = false;
                }

                if (result.IsCompleted)
                {
                    if ((buffer.Length > 0 || skipping) && Take(number + 1, buffer, skipping) is { } last)
                    {
                        yield return last;
                    }

                    yield break;
                }

                if (buffer.Length > ImportLimits.MaxLineBytes)
                {
                    skipping = true; // the rest of this line is read and dropped until its end
                    buffer = buffer.Slice(buffer.End);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static NdjsonLine? Take(int number, ReadOnlySequence<byte> line, bool skipped) =>
        skipped || line.Length > ImportLimits.MaxLineBytes ? new NdjsonLine(number, ReadOnlyMemory<byte>.Empty, TooLong: true)
        : IsBlank(line) ? null
        : new NdjsonLine(number, line.ToArray(), TooLong: false);

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
