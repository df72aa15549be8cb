namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>A page of <c>/api/v1/tenants</c>, in tenant id order; <see cref="NextAfter"/> is null on the last page.</summary>
public sealed record TenantPageView(IReadOnlyList<TenantSummaryView> Items, string? NextAfter);

public sealed record TenantSummaryView(string TenantId, long Version, SenderTransport Transport, DateTimeOffset UpdatedAt, string? UpdatedBy);
