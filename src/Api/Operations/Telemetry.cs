using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Desktomy.Email.Api.Operations;

/// <summary>
/// OpenTelemetry traces and metrics for ASP.NET Core, Npgsql and Marten, exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OpenTelemetry variables apply). Without an endpoint nothing
/// is registered: recording spans of every request and SQL statement only to drop them cost start-up time and CPU.
/// </summary>
public static class Telemetry
{
    private static readonly string[] Sources = ["Npgsql", "Marten"];

    public static IServiceCollection AddEmailTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("desktomy-email"))
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource(Sources))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter(Sources))
            .UseOtlpExporter();
        return services;
    }
}
