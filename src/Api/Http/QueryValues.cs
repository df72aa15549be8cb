using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Desktomy.Email.Application.Common;

namespace Desktomy.Email.Api.Http;

/// <summary>
/// Query values bound by the service itself, so a value that does not parse is a 400 problem naming the parameter as
/// the caller wrote it (and a missing one is null: the use case's validator says whether it is required).
/// </summary>
public readonly record struct WholeNumber(long? Value)
{
    public static ValueTask<WholeNumber> BindAsync(HttpContext http, ParameterInfo parameter) =>
        ValueTask.FromResult(new WholeNumber(QueryValue.Parse(http, parameter, "a whole number", raw =>
            long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : (long?)null)));

    public int? AsInt() => Value is { } value ? (int)Math.Clamp(value, int.MinValue, int.MaxValue) : null;
}

/// <summary>
/// An ISO-8601 date and time; any offset is accepted and means that instant (held as UTC), none means UTC. A "+" the
/// caller did not percent-encode arrives as a space, and is read as the "+" it was.
/// </summary>
public readonly partial record struct Instant(DateTimeOffset? Value)
{
    public static ValueTask<Instant> BindAsync(HttpContext http, ParameterInfo parameter) =>
        ValueTask.FromResult(new Instant(QueryValue.Parse(http, parameter, "an ISO-8601 date and time, like 2026-12-01T09:20:00+01:00", raw =>
        {
            var iso = UnencodedPlus().Replace(raw, "+$1");
            return Iso8601().IsMatch(iso) && DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                ? value.ToUniversalTime()
                : (DateTimeOffset?)null;
        })));

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex Iso8601();

    [GeneratedRegex(@" (\d{2}:\d{2})$")]
    private static partial Regex UnencodedPlus();
}

/// <summary><c>true</c> or <c>false</c> (any case); missing is null.</summary>
public readonly record struct Flag(bool? Value)
{
    public static ValueTask<Flag> BindAsync(HttpContext http, ParameterInfo parameter) =>
        ValueTask.FromResult(new Flag(QueryValue.Parse(http, parameter, "true or false", raw => bool.TryParse(raw, out var value) ? value : (bool?)null)));
}

internal static class QueryValue
{
    public static T? Parse<T>(HttpContext http, ParameterInfo parameter, string expected, Func<string, T?> parse)
        where T : struct
    {
        var name = parameter.Name!;
        var values = http.Request.Query[name];
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0])))
        {
            return null;
        }

        return values.Count == 1 && parse(values[0]!) is { } value
            ? value
            : throw RequestValidationException.For(name, $"This value must be {expected}.");
    }
}
