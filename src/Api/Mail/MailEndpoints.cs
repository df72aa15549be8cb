using Desktomy.Email.Api.Auth;
using Desktomy.Email.Api.Http;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Domain.Mail;
using Mediator;

namespace Desktomy.Email.Api.Mail;

/// <summary><c>/api/v1/tenants/{tenantId}/emails</c> and <c>…/notifications</c>: accept mail (202) and read deliveries.</summary>
public static class MailEndpoints
{
    private const string Route = "/api/v1/tenants/{tenantId:tenant}";
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    public static void MapMailEndpoints(this IEndpointRouteBuilder app)
    {
        var mail = app.MapGroup(Route).WithTags("Mail");

        mail.MapPost("/emails", (string tenantId, EmailRequest? body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var request = RequiredBody.Of(body);
                return AcceptAsync(http, tenantId, mediator.Send(
                    new QueueMailCommand(tenantId, DeliveryKind.Email, request.To, request.Cc, request.Bcc, request.Subject, request.TextBody, request.HtmlBody, IdempotencyKey(http)),
                    ct));
            })
            .RequireAuthorization(Policies.SendMail)
            .RequireRateLimiting(RateLimits.Sending)
            .Documented<QueuedMail>("Accept a mail to the tenant's clients (Idempotency-Key honoured)", "tenant-admin (own tenant), sender (its tenant, or * for all)", 202, 400, 409, 422, 429);
        mail.MapPost("/notifications", (string tenantId, NotificationRequest? body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var request = RequiredBody.Of(body);
                return AcceptAsync(http, tenantId, mediator.Send(
                    new QueueMailCommand(tenantId, DeliveryKind.Notification, null, null, null, request.Subject, request.TextBody, request.HtmlBody, IdempotencyKey(http)),
                    ct));
            })
            .RequireAuthorization(Policies.SendMail)
            .RequireRateLimiting(RateLimits.Sending)
            .Documented<QueuedMail>("Accept a notification to the tenant's primary e-mail", "tenant-admin (own tenant), sender (its tenant, or * for all)", 202, 400, 409, 422, 429);
        mail.MapGet("/emails/{id}", async (string tenantId, string id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetDeliveryQuery(tenantId, id), ct) is { } delivery
                    ? Results.Ok(delivery)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Tenant '{tenantId}' has no mail '{id}'."))
            .RequireAuthorization(Policies.ReadDeliveries)
            .Documented<DeliveryView>("One delivery", "tenant-admin (own tenant), sender (its tenant, or *), auditor, support", 200, 404);
        mail.MapGet("/emails", async (string tenantId, IMediator mediator, CancellationToken ct, DeliveryStatus? status = null, int limit = ListDeliveriesQuery.DefaultLimit) =>
                Results.Ok(await mediator.Send(new ListDeliveriesQuery(tenantId, status, limit), ct)))
            .RequireAuthorization(Policies.ReadDeliveries)
            .Documented<DeliveryPage>("Deliveries, newest first", "tenant-admin (own tenant), sender (its tenant, or *), auditor, support", 200, 400);
    }

    private static async Task<IResult> AcceptAsync(HttpContext http, string tenantId, ValueTask<QueuedMail> command)
    {
        var queued = await command;
        return Results.Accepted($"/api/v1/tenants/{tenantId}/emails/{queued.Id}", queued);
    }

    private static string? IdempotencyKey(HttpContext http) =>
        http.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var key) ? key.ToString() : null;
}

/// <summary>A mail to the tenant's clients.</summary>
public sealed record EmailRequest(string[]? To, string[]? Cc, string[]? Bcc, string? Subject, string? TextBody, string? HtmlBody);

/// <summary>A notification to the tenant's primary e-mail.</summary>
public sealed record NotificationRequest(string? Subject, string? TextBody, string? HtmlBody);
