using System.Diagnostics;
using Desktomy.Email.Domain;

namespace Desktomy.Email.Api.Http;

public static class CorrelationIds
{
    public const string Header = "X-Correlation-Id";
    private const int MaxLength = 128;

    /// <summary>The caller's correlation id when it is sane, else the W3C trace id of this request.</summary>
    public static string Of(HttpContext http)
    {
        var supplied = http.Request.Headers[Header].ToString();
        return supplied.Length is > 0 and <= MaxLength && !TextRules.HasControlCharacters(supplied)
            ? supplied
            : Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
    }
}
