using Desktomy.Email.Api.Http;

namespace Desktomy.Email.Api.Operations;

/// <summary>Every log line written while a request runs carries its tenant id and correlation id.</summary>
public static class LogScope
{
    public static IApplicationBuilder UseTenantLogScope(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Desktomy.Email.Requests");
        return app.Use(async (http, next) =>
        {
            using (logger.BeginScope(new Dictionary<string, object?>
            {
                ["TenantId"] = http.GetRouteValue("tenantId"),
                ["CorrelationId"] = CorrelationIds.Of(http),
            }))
            {
                await next(http);
            }
        });
    }
}
