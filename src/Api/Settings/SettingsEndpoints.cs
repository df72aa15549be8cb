using System.Globalization;
using Desktomy.Email.Api.Auth;
using Desktomy.Email.Api.Http;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Net.Http.Headers;

namespace Desktomy.Email.Api.Settings;

/// <summary><c>/api/v1/tenants/{tenantId}/email-settings</c>: route, policy, command, result. No business rules here.</summary>
public static class SettingsEndpoints
{
    public const string Route = "/api/v1/tenants/{tenantId:tenant}/email-settings";

    public static void MapSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        var settings = app.MapGroup(Route).WithTags("Settings");

        settings.MapGet("", async (string tenantId, WholeNumber version, Instant asOf, HttpContext http, IMediator mediator, CancellationToken ct) =>
                View(http, await mediator.Send(new GetEmailSettingsQuery(tenantId, version.Value, asOf.Value), ct)))
            .RequireAuthorization(Policies.ReadSettings)
            .Documented<EmailSettingsView>("The settings now, or at ?version=N or ?asOf=<ISO-8601>", "tenant-admin (own tenant), auditor, support", 200, 400, 404);
        settings.MapPut("/primary-email", async (string tenantId, PrimaryEmailRequest body, IfMatch ifMatch, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Changed(http, await mediator.Send(new SetPrimaryEmailCommand(tenantId, body.PrimaryEmail, ifMatch.Version), ct)))
            .RequireAuthorization(Policies.ChangeSettings)
            .Documented<EmailSettingsView>("Set the primary e-mail (201 when this creates the settings)", "tenant-admin (own tenant)", 200, 400, 412);
        settings.MapPut("/sender-name", async (string tenantId, SenderNameRequest body, IfMatch ifMatch, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Changed(http, await mediator.Send(new ChangeSenderNameCommand(tenantId, body.SenderName, ifMatch.Version), ct)))
            .RequireAuthorization(Policies.ChangeSettings)
            .Documented<EmailSettingsView>("Change or clear the sender name", "tenant-admin (own tenant)", 200, 400, 409, 412);
        settings.MapPut("/smtp", async (string tenantId, OwnSmtpForm body, IfMatch ifMatch, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Changed(http, await mediator.Send(new ConfigureOwnSmtpCommand(tenantId, body, ifMatch.Version), ct)))
            .RequireAuthorization(Policies.ChangeSettings)
            .Documented<EmailSettingsView>("Use own SMTP; the server is verified first (422 with stage when it fails)", "tenant-admin (own tenant)", 200, 400, 409, 412, 422, 429);
        settings.MapDelete("/smtp", async (string tenantId, IfMatch ifMatch, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Changed(http, await mediator.Send(new DisableOwnSmtpCommand(tenantId, ifMatch.Version), ct)))
            .RequireAuthorization(Policies.ChangeSettings)
            .Documented<EmailSettingsView>("Stop using own SMTP (its values are kept)", "tenant-admin (own tenant)", 200, 409, 412);
        settings.MapPost("/smtp/test", async (string tenantId, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] OwnSmtpForm? body, IfMatch ifMatch, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new TestOwnSmtpCommand(tenantId, body, ifMatch.Version), ct)))
            .RequireAuthorization(Policies.ChangeSettings)
            .Documented<SmtpVerificationResult>("Verify SMTP settings (the body's, or the stored ones) without saving", "tenant-admin (own tenant)", 200, 400, 409, 412, 422, 429);
        settings.MapPost("/test-message", async (string tenantId, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] TestMessageRequest? body, IMediator mediator, CancellationToken ct) =>
                Accepted(tenantId, await mediator.Send(new SendTestMessageCommand(tenantId, body?.To), ct)))
            .RequireAuthorization(Policies.ChangeSettings)
            .Documented<QueuedMail>("Send a real test message through the effective transport (to the primary e-mail unless to is given)", "tenant-admin (own tenant)", 202, 400, 409, 429);
        settings.MapGet("/history", async (string tenantId, WholeNumber afterVersion, WholeNumber limit, HttpContext http, IMediator mediator, CancellationToken ct) =>
                History(http, await mediator.Send(new GetSettingsHistoryQuery(tenantId, afterVersion.Value ?? 0, limit.AsInt() ?? GetSettingsHistoryQuery.DefaultLimit), ct)))
            .RequireAuthorization(Policies.ReadSettings)
            .Documented<HistoryPage>("One item per change, oldest first (Accept: text/csv for CSV)", "tenant-admin (own tenant), auditor, support", 200, 400, 404);
        settings.MapGet("/diff", async (string tenantId, WholeNumber from, WholeNumber to, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetSettingsDiffQuery(tenantId, from.Value, to.Value), ct)))
            .RequireAuthorization(Policies.ReadSettings)
            .Documented<SettingsDiff>("The fields that differ between two versions", "tenant-admin (own tenant), auditor, support", 200, 400, 404);
        settings.MapPost("/rollback", async (string tenantId, RollbackRequest body, IfMatch ifMatch, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Changed(http, await mediator.Send(new RollBackCommand(tenantId, body.ToVersion, body.Reason, ifMatch.Version), ct)))
            .RequireAuthorization(Policies.RollBack)
            .Documented<EmailSettingsView>("Roll back to a version, as a new version", "support", 200, 400, 409, 412);
        settings.MapPost("/erase-password", async (string tenantId, ReasonRequest body, IfMatch ifMatch, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Changed(http, await mediator.Send(new EraseSmtpPasswordCommand(tenantId, body.Reason, ifMatch.Version), ct)))
            .RequireAuthorization(Policies.RollBack)
            .Documented<EmailSettingsView>("Erase the stored SMTP password for good (crypto-shredding)", "support", 200, 400, 409, 412);
    }

    private static IResult History(HttpContext http, HistoryPage page) =>
        http.Request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals(HistoryCsv.MediaType, StringComparison.OrdinalIgnoreCase))
            ? Results.Text(HistoryCsv.Write(page), HistoryCsv.MediaType)
            : Results.Ok(page);

    private static IResult Accepted(string tenantId, QueuedMail queued) => Results.Accepted($"/api/v1/tenants/{tenantId}/emails/{queued.Id}", queued);

    private static IResult Changed(HttpContext http, SettingsChange change)
    {
        if (!change.Created)
        {
            return View(http, change.View);
        }

        http.Response.Headers.ETag = IfMatch.ETag(change.View.Version);
        return Results.Created($"/api/v1/tenants/{change.View.TenantId}/email-settings", change.View);
    }

    private static IResult View(HttpContext http, EmailSettingsView view)
    {
        http.Response.Headers.ETag = IfMatch.ETag(view.Version);
        return Results.Ok(view);
    }
}

public sealed record PrimaryEmailRequest(string? PrimaryEmail);

public sealed record SenderNameRequest(string? SenderName);

public sealed record RollbackRequest(long? ToVersion, string? Reason);

public sealed record ReasonRequest(string? Reason);

/// <summary>Where a test message goes; the primary e-mail when <see cref="To"/> is left out.</summary>
public sealed record TestMessageRequest(string? To);

/// <summary>
/// The settings version travels as a strong ETag, <c>"4"</c>; <c>If-Match</c> names the version a command expects
/// (<see cref="Version"/> is null without the header).
/// </summary>
public readonly record struct IfMatch(long? Version)
{
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static ValueTask<IfMatch> BindAsync(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return ValueTask.FromResult(new IfMatch(null));
        }

        if (EntityTagHeaderValue.TryParse(header.Trim(), out var tag)
            && long.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return ValueTask.FromResult(new IfMatch(version));
        }

        throw RequestValidationException.For("If-Match", "If-Match must be one ETag from a previous response, like \"4\".");
    }
}
