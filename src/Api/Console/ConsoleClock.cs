using System.Globalization;

namespace Desktomy.Email.Api.AdminConsole;

/// <summary>
/// Times in the user's zone: the console's script stores the browser's IANA zone in the <c>tz</c> cookie; without it
/// (no script yet, unknown zone) times are shown in UTC.
/// </summary>
public sealed class ConsoleClock(IHttpContextAccessor accessor)
{
    public const string Cookie = "tz";

    public TimeZoneInfo Zone { get; } = ZoneOf(accessor.HttpContext?.Request.Cookies[Cookie]);

    public string Format(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public string Format(DateTimeOffset? instant) => instant is { } value ? Format(value) : "–";

    /// <summary>A <c>datetime-local</c> value, meant in the user's zone, as an instant.</summary>
    public DateTimeOffset? Parse(string? local)
    {
        if (!DateTime.TryParse(local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return null;
        }

        var unspecified = DateTime.SpecifyKind(time, DateTimeKind.Unspecified);
        // In UTC: PostgreSQL's timestamptz takes only offset 0 from Npgsql.
        return new DateTimeOffset(unspecified, Zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }

    private static TimeZoneInfo ZoneOf(string? id)
    {
        if (!string.IsNullOrWhiteSpace(id) && id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return zone;
        }

        return TimeZoneInfo.Utc;
    }
}
