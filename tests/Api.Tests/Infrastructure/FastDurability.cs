using Wolverine;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>Wolverine's background agents polling every second or faster, so recovery and scheduled retries show up in test time.</summary>
public static class FastDurability
{
    public static void Apply(WolverineOptions options)
    {
        options.Durability.ScheduledJobFirstExecution = TimeSpan.FromMilliseconds(200);
        options.Durability.ScheduledJobPollingTime = TimeSpan.FromMilliseconds(500);
        options.Durability.OrphanedMessageSweepPollingTime = TimeSpan.FromSeconds(1);
        options.Durability.NodeReassignmentPollingTime = TimeSpan.FromSeconds(1);
        options.Durability.FirstHealthCheckExecution = TimeSpan.FromMilliseconds(200);
        options.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(1);
        options.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(3);
        options.Durability.CheckAssignmentPeriod = TimeSpan.FromSeconds(1);
    }
}
