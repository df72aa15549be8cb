using System.Security.Cryptography;
using Desktomy.Email.Application.Settings.Import;

namespace Desktomy.Email.Api.Import;

/// <summary>
/// The uploaded file is spooled as it arrives, counted on the way: a file over the limit is refused before a single
/// line is imported, and memory holds one buffer, never the file. The file holds plaintext passwords, so the spool is
/// encrypted with a key that exists only in this object's memory, and it has no name on disk (unlinked once opened):
/// a crash leaves nothing that can be read.
/// </summary>
public sealed class ImportUpload : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly Aes _key;

    private ImportUpload(FileStream file, Aes key, NdjsonLineCount count)
    {
        _file = file;
        _key = key;
        Count = count;
        Content = new CryptoStream(file, key.CreateDecryptor(), CryptoStreamMode.Read, leaveOpen: true);
    }

    /// <summary>The uploaded bytes, decrypted as they are read.</summary>
    public Stream Content { get; }

    public NdjsonLineCount Count { get; }

    public static async Task<ImportUpload> SpoolAsync(Stream body, CancellationToken cancellationToken)
    {
        var path = Path.GetTempFileName();
        var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Delete, 81920, FileOptions.Asynchronous);
        File.Delete(path);
        var key = Aes.Create();
        var count = new NdjsonLineCount();
        try
        {
            await using (var encrypting = new CryptoStream(file, key.CreateEncryptor(), CryptoStreamMode.Write, leaveOpen: true))
            {
                var buffer = new byte[81920];
                int read;
                while (!count.IsOverLimit && (read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    count.Add(buffer.AsSpan(0, read));
                    await encrypting.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            count.Finish();
            file.Position = 0;
            return new ImportUpload(file, key, count);
        }
        catch
        {
            key.Dispose();
            await file.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        await _file.DisposeAsync();
        _key.Dispose();
    }
}
