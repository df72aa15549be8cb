namespace Desktomy.Email.Application.Settings.Import;

/// <summary>Counts the lines of an NDJSON file as its bytes go by, so a file over the limit is refused before any line is imported.</summary>
public sealed class NdjsonLineCount
{
    private bool _lineOpen;

    public int Lines { get; private set; }

    public long Bytes { get; private set; }

    public bool IsOverLimit => Lines > ImportLimits.MaxLines || Bytes > ImportLimits.MaxFileBytes;

    public void Add(ReadOnlySpan<byte> bytes)
    {
        Bytes += bytes.Length;
        foreach (var b in bytes)
        {
            if (b == (byte)'\n')
            {
                Lines++;
                _lineOpen = false;
            }
            else
            {
                _lineOpen = true;
            }
        }
    }

    /// <summary>The last line, when the file does not end with a line feed.</summary>
    public void Finish()
    {
        if (_lineOpen)
        {
            Lines++;
            _lineOpen = false;
        }
    }

    public string LimitProblem() =>
        Bytes > ImportLimits.MaxFileBytes
            ? $"The file is larger than {ImportLimits.MaxFileBytes / (1024 * 1024)} MiB; split it into files of at most {ImportLimits.MaxLines} lines."
            : $"The file has more than {ImportLimits.MaxLines} lines; split it into files of at most {ImportLimits.MaxLines} lines.";

    public static async Task<NdjsonLineCount> OfAsync(Stream stream, CancellationToken cancellationToken)
    {
        var count = new NdjsonLineCount();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0 && !count.IsOverLimit)
        {
            count.Add(buffer.AsSpan(0, read));
        }

        count.Finish();
        return count;
    }
}
