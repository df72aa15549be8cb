using Desktomy.Email.Domain.Settings;

namespace Desktomy.Email.Application.Settings.History;

/// <summary>One event of a tenant's settings: who, when, why, and exactly which fields it changed.</summary>
public sealed record HistoryItem(
    long Version,
    string Event,
    DateTimeOffset OccurredAt,
    string? Actor,
    string? CorrelationId,
    string? Reason,
    IReadOnlyList<FieldChange> Changes);

/// <summary>A page of history, oldest first; <see cref="NextAfterVersion"/> is null on the last page.</summary>
public sealed record HistoryPage(IReadOnlyList<HistoryItem> Items, long? NextAfterVersion);
