using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Desktomy.Email.Api.Operations;

/// <summary>Ready when PostgreSQL answers and its schema matches what this version of the service needs.</summary>
public sealed class DatabaseHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL is reachable and its schema is current.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL is unreachable or its schema is not current ({e.GetType().Name}).");
        }
    }
}
