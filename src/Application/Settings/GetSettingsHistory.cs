using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain.Settings;
using FluentValidation;
using Marten;
using Mediator;

namespace Desktomy.Email.Application.Settings;

public sealed record GetSettingsHistoryQuery(string TenantId, long AfterVersion = 0, int Limit = GetSettingsHistoryQuery.DefaultLimit) : IQuery<HistoryPage>
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
}

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

public sealed class GetSettingsHistoryValidator : AbstractValidator<GetSettingsHistoryQuery>
{
    public GetSettingsHistoryValidator()
    {
        RuleFor(q => q.AfterVersion).InclusiveBetween(0, int.MaxValue).WithMessage($"afterVersion must be between 0 and {int.MaxValue}.");
        RuleFor(q => q.Limit).InclusiveBetween(1, GetSettingsHistoryQuery.MaxLimit).WithMessage($"limit must be between 1 and {GetSettingsHistoryQuery.MaxLimit}.");
    }
}

/// <summary>
/// Reads only the versions of the page, plus the one before it (to compute the first item's changes) and the one
/// after it (to know whether there is a next page), never the whole stream: <see cref="EmailSettingsVersion.ReadAsync"/>
/// looks up the stored 16ths from the one before the page to its end by primary key and folds the events after the
/// first of them (one round trip, the same reads however long the tenant's history is).
/// </summary>
public sealed class GetSettingsHistoryHandler(IDocumentStore store) : IQueryHandler<GetSettingsHistoryQuery, HistoryPage>
{
    public async ValueTask<HistoryPage> Handle(GetSettingsHistoryQuery query, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(query.TenantId);
        var last = query.AfterVersion + query.Limit + 1;
        var versions = await EmailSettingsVersion.ReadAsync(session, query.TenantId, query.AfterVersion, last, cancellationToken);

        if (versions.Count == 0 && await session.LoadAsync<EmailSettingsDocument>(query.TenantId, cancellationToken) is null)
        {
            throw new SettingsNotFoundException(query.TenantId);
        }

        var items = new List<HistoryItem>(query.Limit);
        EmailSettings? previous = null;
        foreach (var version in versions)
        {
            if (version.Version > query.AfterVersion && version.Version <= query.AfterVersion + query.Limit)
            {
                items.Add(new HistoryItem(
                    version.Version, version.Event, version.OccurredAt, version.Actor, version.CorrelationId, version.Reason,
                    FieldChange.Between(previous, version.Settings)));
            }

            previous = version.Settings;
        }

        var hasMore = versions.Count > 0 && versions[^1].Version == last;
        return new HistoryPage(items, hasMore ? query.AfterVersion + query.Limit : null);
    }
}
