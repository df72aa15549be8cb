using Desktomy.Email.Api.Auth;
using Desktomy.Email.Api.Http;
using Desktomy.Email.Api.Settings;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Settings.Import;
using Desktomy.Email.Domain.Settings;
using Mediator;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Desktomy.Email.Api.Import;

/// <summary><c>POST /api/v1/imports</c> (the previous store's NDJSON export) and <c>GET …/email-settings/export</c>.</summary>
public static class ImportEndpoints
{
    public const string Route = "/api/v1/imports";
    public const string NdjsonMediaType = "application/x-ndjson";

    public static void MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, ImportAsync).WithTags("Import")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Support))
            .Accepts<string>(NdjsonMediaType)
            .Documented<ImportReport>(
                $"Import tenants from the previous store's NDJSON export (at most {ImportLimits.MaxLines} lines; ?dryRun=true only checks; ?reason= is recorded)",
                "support", 200, 400, 413, 415);
        app.MapGet($"{SettingsEndpoints.Route}/export", async (string tenantId, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ExportEmailSettingsQuery(tenantId), ct)))
            .WithTags("Settings")
            .RequireAuthorization(Policies.ReadSettings)
            .Documented<SettingsExport>("The settings and their whole history in one document", "tenant-admin (own tenant), auditor, support", 200, 404);
    }

    private static async Task<IResult> ImportAsync(HttpContext http, SettingsImport import, IActorContext actor, Flag dryRun, string? reason, CancellationToken ct)
    {
        if (!IsNdjson(http.Request.ContentType))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"Send the previous store's export as {NdjsonMediaType}, one tenant a line.");
        }

        reason = string.IsNullOrWhiteSpace(reason) ? ImportLimits.DefaultReason : reason.Trim();
        if (AuditReason.Error(reason) is { } problem)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [problem] }, title: "The request is not valid.");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = ImportLimits.MaxFileBytes + 1; // ours is the limit that answers, with its own message
        }

        await using var upload = await ImportUpload.SpoolAsync(http.Request.Body, ct);
        if (upload.Count.IsOverLimit)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large", detail: upload.Count.LimitProblem());
        }

        var report = await import.RunAsync(upload.Content, new ImportRequest(dryRun.Value ?? false, reason, actor.ActorId, actor.CorrelationId), progress: null, ct);
        return Results.Ok(report);
    }

    private static bool IsNdjson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType.Equals(NdjsonMediaType, StringComparison.OrdinalIgnoreCase);
}
