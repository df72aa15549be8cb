using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Desktomy.Email.Api.Operations;

/// <summary>
/// OpenTelemetry traces and metrics for ASP.NET Core, Npgsql, Marten and Wolverine, exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OpenTelemetry variables apply).
/// </summary>
public static class Telemetry
{
    private static readonly string[] Sources = ["Npgsql", "Marten", "Wolverine"];

    public static IServiceCollection AddEmailTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("desktomy-email"))
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource(Sources))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter(Sources));
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return services;
    }
}
