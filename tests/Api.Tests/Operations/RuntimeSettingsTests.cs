using System.Text.Json.Nodes;

namespace Desktomy.Email.Api.Tests.Operations;

/// <summary>The runtime settings the service is built with (its runtimeconfig.json), which docs/operations.md relies on.</summary>
public sealed class RuntimeSettingsTests
{
    private static readonly JsonNode Options = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Desktomy.Email.Api.runtimeconfig.json")))!["runtimeOptions"]!["configProperties"]!;

    [Fact]
    public void the_service_runs_with_workstation_garbage_collection() =>
        Assert.False(Options["System.GC.Server"]!.GetValue<bool>());

    [Fact]
    public void idle_thread_pool_workers_do_not_spin() =>
        Assert.Equal(0, Options["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]!.GetValue<int>());

    [Fact]
    public void the_thread_pool_does_not_hill_climb_beyond_the_cores() =>
        Assert.True(Options["System.Threading.ThreadPool.HillClimbing.Disable"]!.GetValue<bool>());

    [Fact]
    public void the_gen0_budget_is_capped_at_8_megabytes_whatever_the_cpu_cache() =>
        Assert.Equal(8 * 1024 * 1024, Options["System.GC.Gen0MaxBudget"]!.GetValue<int>());
}
