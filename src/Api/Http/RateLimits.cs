using System.Globalization;
using System.Threading.RateLimiting;
using Desktomy.Email.Application.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Desktomy.Email.Api.Http;

/// <summary>
/// The per-tenant limit on accepting mail, as ASP.NET rate limiting (SMTP verification is limited by its use case,
/// <see cref="TenantAllowance"/>). A caller over the limit gets 429 with Retry-After.
/// </summary>
public static class RateLimits
{
    public const string Sending = nameof(Sending);

    public static IServiceCollection AddTenantRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        return services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Sending, http => PerTenant(http, options.MailsPerMinute));
            limiter.OnRejected = RejectAsync;
        });
    }

    private static RateLimitPartition<string> PerTenant(HttpContext http, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            http.GetRouteValue("tenantId") as string ?? string.Empty,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This tenant has used its allowance for this operation; try again in {Math.Ceiling(retryAfter.TotalSeconds)} s.",
            },
        });
    }
}
