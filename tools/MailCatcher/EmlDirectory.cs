using System.Globalization;

namespace Desktomy.Email.MailCatcher;

/// <summary>Writes raw messages into a folder as <c>1.eml</c>, <c>2.eml</c>, … without overwriting existing files.</summary>
internal sealed class EmlDirectory
{
    private readonly Lock _gate = new();
    private readonly string _path;
    private int _next = 1;

    public EmlDirectory(string path)
    {
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(_path);
    }

    /// <summary>Saves <paramref name="raw"/> under the next free number and returns the file's full path.</summary>
    public string Save(byte[] raw)
    {
        lock (_gate)
        {
            while (true)
            {
                var file = Path.Combine(_path, _next.ToString(CultureInfo.InvariantCulture) + ".eml");
                _next++;
                try
                {
                    using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                    stream.Write(raw);
                    return file;
                }
                catch (IOException) when (File.Exists(file))
                {
                    // Left over from an earlier run: keep it and try the next number.
                }
            }
        }
    }
}
