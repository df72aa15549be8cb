using Desktomy.Email.Api.Auth;
using Desktomy.Email.Api.Http;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Application.Settings.ChangeSenderName;
using Desktomy.Email.Application.Settings.ConfigureOwnSmtp;
using Desktomy.Email.Application.Settings.Diff;
using Desktomy.Email.Application.Settings.DisableOwnSmtp;
using Desktomy.Email.Application.Settings.EraseSmtpPassword;
using Desktomy.Email.Application.Settings.GetEmailSettings;
using Desktomy.Email.Application.Settings.History;
using Desktomy.Email.Application.Settings.RollBack;
using Desktomy.Email.Application.Settings.SetPrimaryEmail;
using Desktomy.Email.Application.Settings.TestOwnSmtp;
using Mediator;

namespace Desktomy.Email.Api.Settings;

/// <summary><c>/api/v1/tenants/{tenantId}/email-settings</c>: route, policy, command, result. No business rules here.</summary>
public static class SettingsEndpoints
{
    public const string Route = "/api/v1/tenants/{tenantId:tenant}/email-settings";

    public static void MapSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        var settings = app.MapGroup(Route).WithTags("Settings");

        settings.MapGet("", GetAsync).RequireAuthorization(Policies.ReadSettings)
            .Documented<EmailSettingsView>("The settings now, or at ?version=N or ?asOf=<ISO-8601>", "tenant-admin (own tenant), auditor, support", 200, 400, 404);
        settings.MapPut("/primary-email", (string tenantId, PrimaryEmailRequest? body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                SendAsync(http, mediator.Send(new SetPrimaryEmailCommand(tenantId, RequiredBody.Of(body).PrimaryEmail, Versions.ExpectedVersion(http.Request)), ct)))
            .RequireAuthorization(Policies.ChangeSettings)
            .Documented<EmailSettingsView>("Set the primary e-mail (201 when this creates the settings)", "tenant-admin (own tenant)", 200, 400, 412);
        settings.MapPut("/sender-name", (string tenantId, SenderNameRequest? body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                SendAsync(http, mediator.Send(new ChangeSenderNameCommand(tenantId, RequiredBody.Of(body).SenderName, Versions.ExpectedVersion(http.Request)), ct)))
            .RequireAuthorization(Policies.ChangeSettings)
            .Documented<EmailSettingsView>("Change or clear the sender name", "tenant-admin (own tenant)", 200, 400, 409, 412);
        settings.MapPut("/smtp", (string tenantId, SmtpSettingsRequest? body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                SendAsync(http, mediator.Send(
                    new ConfigureOwnSmtpCommand(tenantId, RequiredBody.Of(body).SenderEmail, body.Host, body.Port, body.Security, body.Username, body.Password, body.Advanced, Versions.ExpectedVersion(http.Request)),
                    ct)))
            .RequireAuthorization(Policies.ChangeSettings)
            .RequireRateLimiting(RateLimits.SmtpVerification)
            .Documented<EmailSettingsView>("Use own SMTP; the server is verified first (422 with stage when it fails)", "tenant-admin (own tenant)", 200, 400, 409, 412, 422, 429);
        settings.MapDelete("/smtp", (string tenantId, HttpContext http, IMediator mediator, CancellationToken ct) =>
                SendAsync(http, mediator.Send(new DisableOwnSmtpCommand(tenantId, Versions.ExpectedVersion(http.Request)), ct)))
            .RequireAuthorization(Policies.ChangeSettings)
            .Documented<EmailSettingsView>("Stop using own SMTP (its values are kept)", "tenant-admin (own tenant)", 200, 409, 412);
        settings.MapPost("/smtp/test", TestSmtpAsync).RequireAuthorization(Policies.ChangeSettings).RequireRateLimiting(RateLimits.SmtpVerification)
            .Documented<SmtpVerificationResult>("Verify SMTP settings (the body's, or the stored ones) without saving", "tenant-admin (own tenant)", 200, 400, 409, 412, 422, 429);
        settings.MapGet("/history", HistoryAsync).RequireAuthorization(Policies.ReadSettings)
            .Documented<HistoryPage>("One item per change, oldest first (Accept: text/csv for CSV)", "tenant-admin (own tenant), auditor, support", 200, 400, 404);
        settings.MapGet("/diff", async (string tenantId, long from, long to, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetSettingsDiffQuery(tenantId, from, to), ct)))
            .RequireAuthorization(Policies.ReadSettings)
            .Documented<SettingsDiff>("The fields that differ between two versions", "tenant-admin (own tenant), auditor, support", 200, 400, 404);
        settings.MapPost("/rollback", (string tenantId, RollbackRequest? body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                SendAsync(http, mediator.Send(new RollBackCommand(tenantId, RequiredBody.Of(body).ToVersion, body.Reason, Versions.ExpectedVersion(http.Request)), ct)))
            .RequireAuthorization(Policies.RollBack)
            .Documented<EmailSettingsView>("Roll back to a version, as a new version", "support", 200, 400, 409, 412);
        settings.MapPost("/erase-password", (string tenantId, ReasonRequest? body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                SendAsync(http, mediator.Send(new EraseSmtpPasswordCommand(tenantId, RequiredBody.Of(body).Reason, Versions.ExpectedVersion(http.Request)), ct)))
            .RequireAuthorization(Policies.RollBack)
            .Documented<EmailSettingsView>("Erase the stored SMTP password for good (crypto-shredding)", "support", 200, 400, 409, 412);
    }

    private static async Task<IResult> GetAsync(string tenantId, long? version, DateTimeOffset? asOf, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var view = await mediator.Send(new GetEmailSettingsQuery(tenantId, version, asOf), ct);
        var then = version is not null || asOf is not null ? " at that time" : " yet";
        return view is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Tenant '{tenantId}' had no e-mail settings{then}.")
            : ViewResult(http, view, StatusCodes.Status200OK);
    }

    private static async Task<IResult> HistoryAsync(
        string tenantId, HttpContext http, IMediator mediator, CancellationToken ct, long afterVersion = 0, int limit = GetSettingsHistoryQuery.DefaultLimit)
    {
        var page = await mediator.Send(new GetSettingsHistoryQuery(tenantId, afterVersion, limit), ct);
        var wantsCsv = http.Request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals(HistoryCsv.MediaType, StringComparison.OrdinalIgnoreCase));
        return wantsCsv ? Results.Text(HistoryCsv.Write(page), HistoryCsv.MediaType) : Results.Ok(page);
    }

    private static async Task<IResult> TestSmtpAsync(string tenantId, SmtpSettingsRequest? body, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var expected = Versions.ExpectedVersion(http.Request);
        var command = body is null
            ? new TestOwnSmtpCommand(tenantId, UseStoredSettings: true, ExpectedVersion: expected)
            : new TestOwnSmtpCommand(tenantId, UseStoredSettings: false, body.SenderEmail, body.Host, body.Port, body.Security, body.Username, body.Password, body.Advanced, expected);
        return Results.Ok(await mediator.Send(command, ct));
    }

    private static async Task<IResult> SendAsync(HttpContext http, ValueTask<SettingsChange> command)
    {
        var change = await command;
        return ViewResult(http, change.View, change.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static IResult ViewResult(HttpContext http, EmailSettingsView view, int status)
    {
        http.Response.Headers.ETag = Versions.ETag(view.Version);
        if (status == StatusCodes.Status201Created)
        {
            http.Response.Headers.Location = $"/api/v1/tenants/{view.TenantId}/email-settings";
        }

        return Results.Json(view, statusCode: status);
    }
}
