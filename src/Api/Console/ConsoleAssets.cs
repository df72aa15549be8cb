using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Desktomy.Email.Api.AdminConsole;

/// <summary>The console's stylesheet and script, embedded in the assembly and served with a content hash as ETag.</summary>
public sealed class ConsoleAssets
{
    private readonly FrozenDictionary<string, (byte[] Content, string Type, string ETag)> _assets;

    public ConsoleAssets()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        const string prefix = "Console.Assets.";
        _assets = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(name => name[prefix.Length..], name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                var content = memory.ToArray();
                var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
                return (content, type, $"\"{Convert.ToHexString(SHA256.HashData(content))[..16]}\"");
            });
    }

    public IResult Serve(string name, HttpContext http)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.ETag = asset.ETag;
        return http.Request.Headers.IfNoneMatch == asset.ETag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(asset.Content, asset.Type);
    }
}
