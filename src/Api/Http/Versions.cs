using System.Globalization;
using Desktomy.Email.Application.Common;
using Microsoft.Net.Http.Headers;

namespace Desktomy.Email.Api.Http;

/// <summary>The settings version travels as a strong ETag, <c>"4"</c>; If-Match names the version a command expects.</summary>
public static class Versions
{
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static long? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        if (EntityTagHeaderValue.TryParse(header.Trim(), out var tag)
            && long.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }

        throw RequestValidationException.For("If-Match", "If-Match must be one ETag from a previous response, like \"4\".");
    }
}
