using Desktomy.Email.Application.Settings.Import;

namespace Desktomy.Email.Api.Import;

/// <summary>
/// The uploaded file goes to a temporary file (deleted when closed) as it arrives, counted on the way: a file over the
/// limit is refused before a single line is imported, and memory holds one buffer, never the file.
/// </summary>
public sealed class ImportUpload : IAsyncDisposable
{
    private ImportUpload(FileStream file, NdjsonLineCount count)
    {
        File = file;
        Count = count;
    }

    public FileStream File { get; }

    public NdjsonLineCount Count { get; }

    public static async Task<ImportUpload> SpoolAsync(Stream body, CancellationToken cancellationToken)
    {
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var count = new NdjsonLineCount();
        try
        {
            var buffer = new byte[81920];
            int read;
            while (!count.IsOverLimit && (read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                count.Add(buffer.AsSpan(0, read));
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            count.Finish();
            file.Position = 0;
            return new ImportUpload(file, count);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => File.DisposeAsync();
}
