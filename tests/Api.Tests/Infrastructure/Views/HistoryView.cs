using System.Text.Json.Nodes;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>A page of <c>…/email-settings/history</c>; <see cref="NextAfterVersion"/> is null on the last page.</summary>
public sealed record HistoryPageView(IReadOnlyList<HistoryItemView> Items, long? NextAfterVersion);

public sealed record HistoryItemView(
    long Version,
    string Event,
    DateTimeOffset OccurredAt,
    string? Actor,
    string? CorrelationId,
    string? Reason,
    IReadOnlyList<ChangeView> Changes)
{
    public IEnumerable<string> Fields => Changes.Select(c => c.Field);
}

/// <summary>
/// One changed field under its view path. The values keep their JSON type (a port is a number, a flag a boolean);
/// read them with a cast, e.g. <c>(string?)change.To</c>. A secret's change has no values and <see cref="Secret"/> set.
/// </summary>
public sealed record ChangeView(string Field, JsonNode? From, JsonNode? To, bool Secret = false);

/// <summary><c>…/email-settings/diff?from=A&amp;to=B</c>.</summary>
public sealed record DiffView(long From, long To, IReadOnlyList<ChangeView> Changes);
