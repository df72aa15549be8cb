using Mediator;

namespace Desktomy.Email.Application.Tenants;

/// <summary>Tenants with e-mail settings, ordered by id, after <paramref name="After"/>.</summary>
public sealed record ListTenantsQuery(string? After = null, int Limit = ListTenantsQuery.DefaultLimit) : IQuery<TenantPage>
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
}

public sealed record TenantSummary(string TenantId, long Version, string Transport, DateTimeOffset UpdatedAt, string? UpdatedBy);

/// <summary><see cref="NextAfter"/> is null on the last page.</summary>
public sealed record TenantPage(IReadOnlyList<TenantSummary> Items, string? NextAfter);
