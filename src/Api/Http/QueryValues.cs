using System.Globalization;
using System.Reflection;
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

/// <summary>An ISO-8601 instant; any offset is accepted and means that instant (held as UTC).</summary>
public readonly record struct Instant(DateTimeOffset? Value)
{
    public static ValueTask<Instant> BindAsync(HttpContext http, ParameterInfo parameter) =>
        ValueTask.FromResult(new Instant(QueryValue.Parse(http, parameter, "an ISO-8601 date and time, like 2026-12-01T09:20:00+01:00", raw =>
            DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value.ToUniversalTime() : (DateTimeOffset?)null)));
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
