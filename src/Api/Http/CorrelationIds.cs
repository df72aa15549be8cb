using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Desktomy.Email.Api.Http;

/// <summary>
/// The correlation id of a request is stored in the audit trail and logged, so only a plain token is taken from the
/// caller; anything else is replaced by the request's trace id. Every response names the id used (<see cref="Header"/>).
/// </summary>
public static partial class CorrelationIds
{
    public const string Header = "X-Correlation-Id";

    public static string Of(HttpContext http)
    {
        var supplied = http.Request.Headers[Header];
        return supplied.Count == 1 && Acceptable().IsMatch(supplied[0]!)
            ? supplied[0]!
            : Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
    }

    [GeneratedRegex(@"\A[A-Za-z0-9._:-]{1,128}\z")]
    private static partial Regex Acceptable();
}
