using System.Globalization;
using Desktomy.Email.Application.Common;
using Microsoft.Net.Http.Headers;

namespace Desktomy.Email.Api.Http;

/// <summary>
/// The settings version travels as a strong ETag, <c>"4"</c>; <c>If-Match</c> names the version a command expects
/// (<see cref="Version"/> is null without the header).
/// </summary>
public readonly record struct IfMatch(long? Version)
{
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static ValueTask<IfMatch> BindAsync(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return ValueTask.FromResult(new IfMatch(null));
        }

        if (EntityTagHeaderValue.TryParse(header.Trim(), out var tag)
            && long.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return ValueTask.FromResult(new IfMatch(version));
        }

        throw RequestValidationException.For("If-Match", "If-Match must be one ETag from a previous response, like \"4\".");
    }
}
