using Desktomy.Email.Api.Auth;
using Desktomy.Email.Api.Http;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Domain.Mail;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Desktomy.Email.Api.Mail;

/// <summary><c>/api/v1/tenants/{tenantId}/emails</c> and <c>…/notifications</c>: accept mail (202) and read deliveries.</summary>
public static class MailEndpoints
{
    private const string Route = "/api/v1/tenants/{tenantId:tenant}";
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    public static void MapMailEndpoints(this IEndpointRouteBuilder app)
    {
        var mail = app.MapGroup(Route).WithTags("Mail");

        mail.MapPost("/emails", (string tenantId, EmailRequest body, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, IMediator mediator, CancellationToken ct) =>
                AcceptAsync(tenantId, mediator.Send(Email(tenantId, body, idempotencyKey), ct)))
            .RequireAuthorization(Policies.SendMail)
            .Documented<QueuedMail>("Accept a mail to the tenant's clients (Idempotency-Key honoured)", "tenant-admin (own tenant), sender (its tenant, or * for all)", 202, 400, 409, 422, 429);
        mail.MapPost("/emails/batch", async (string tenantId, EmailBatchRequest body, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, IMediator mediator, CancellationToken ct) =>
                Results.Json(BatchReply(await mediator.Send(new QueueMailBatchCommand(tenantId, body.Messages?.Select(m => m is null ? null : Email(tenantId, m, null)).ToArray(), idempotencyKey), ct)), statusCode: StatusCodes.Status202Accepted))
            .RequireAuthorization(Policies.SendMail)
            .Documented<BatchItems>($"Accept 1 to {QueueMailBatchCommand.MaxMessages} mails at once, each checked alone, the accepted ones in one commit (Idempotency-Key honoured)", "tenant-admin (own tenant), sender (its tenant, or * for all)", 202, 400, 409, 422, 429);
        mail.MapPost("/notifications", (string tenantId, NotificationRequest body, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, IMediator mediator, CancellationToken ct) =>
                AcceptAsync(tenantId, mediator.Send(
                    new QueueMailCommand(tenantId, DeliveryKind.Notification, null, null, null, body.Subject, body.TextBody, body.HtmlBody, idempotencyKey),
                    ct)))
            .RequireAuthorization(Policies.SendMail)
            .Documented<QueuedMail>("Accept a notification to the tenant's primary e-mail", "tenant-admin (own tenant), sender (its tenant, or * for all)", 202, 400, 409, 422, 429);
        mail.MapGet("/emails/{id}", async (string tenantId, string id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetDeliveryQuery(tenantId, id), ct)))
            .RequireAuthorization(Policies.ReadDeliveries)
            .Documented<DeliveryView>("One delivery", "tenant-admin (own tenant), sender (its tenant, or *), auditor, support", 200, 404);
        mail.MapGet("/emails", async (string tenantId, string? status, WholeNumber limit, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListDeliveriesQuery(tenantId, status, limit.AsInt() ?? ListDeliveriesQuery.DefaultLimit), ct)))
            .RequireAuthorization(Policies.ReadDeliveries)
            .Documented<DeliveryPage>("Deliveries, newest first", "tenant-admin (own tenant), sender (its tenant, or *), auditor, support", 200, 400);
        mail.MapPost("/emails/{id}/retry", async (string tenantId, string id, IMediator mediator, CancellationToken ct) =>
                Results.Accepted($"/api/v1/tenants/{tenantId}/emails/{id}", await mediator.Send(new RetryDeliveryCommand(tenantId, id), ct)))
            .RequireAuthorization(Policies.ManageDeliveries)
            .Documented<DeliveryView>("Send a Failed delivery again (a new series of attempts)", "tenant-admin (own tenant), sender (its tenant, or *), support", 202, 404, 409);
        mail.MapPost("/emails/{id}/cancel", async (string tenantId, string id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new CancelDeliveryCommand(tenantId, id), ct)))
            .RequireAuthorization(Policies.ManageDeliveries)
            .Documented<DeliveryView>("Cancel a delivery still to be sent (Queued or Retrying)", "tenant-admin (own tenant), sender (its tenant, or *), support", 200, 404, 409);
    }

    private static QueueMailCommand Email(string tenantId, EmailRequest body, string? idempotencyKey) =>
        new(tenantId, DeliveryKind.Email, body.To, body.Cc, body.Bcc, body.Subject, body.TextBody, body.HtmlBody, idempotencyKey);

    /// <summary>An accepted message as POST emails answers it; a refused one as its 400 problem would be.</summary>
    private static BatchItems BatchReply(QueuedBatch batch) =>
        new([.. batch.Items.Select(item => item.Queued is { } queued ? (object)queued : new BatchError(ProblemExceptionHandler.Invalid(item.Errors!)))]);

    private static async Task<IResult> AcceptAsync(string tenantId, ValueTask<QueuedMail> command)
    {
        var queued = await command;
        return Results.Accepted($"/api/v1/tenants/{tenantId}/emails/{queued.Id}", queued);
    }
}

/// <summary>A mail to the tenant's clients.</summary>
public sealed record EmailRequest(string[]? To, string[]? Cc, string[]? Bcc, string? Subject, string? TextBody, string? HtmlBody);

/// <summary>Up to 500 mails, each as POST emails takes it.</summary>
public sealed record EmailBatchRequest(EmailRequest?[]? Messages);

/// <summary>The 202 answer to a batch: per message, in request order, <c>{"id","status"}</c> or <c>{"error": problem}</c>.</summary>
public sealed record BatchItems(IReadOnlyList<object> Items);

public sealed record BatchError(Microsoft.AspNetCore.Http.HttpValidationProblemDetails Error);

/// <summary>A notification to the tenant's primary e-mail.</summary>
public sealed record NotificationRequest(string? Subject, string? TextBody, string? HtmlBody);
