using System.Text.Json;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Application.Secrets;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Application.Smtp.OAuth2;
using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Settings;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Desktomy.Email.Api.Http;

/// <summary>The one place where exceptions become RFC 9457 problem responses.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ToProblem(exception);
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }
        else if (exception is AllowanceExceededException allowance)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(allowance.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails? ToProblem(Exception exception) => exception switch
    {
        RequestValidationException e => Invalid(e.Errors),
        SettingsRuleViolationException e => Invalid(new Dictionary<string, string[]> { [e.Field] = [e.Message] }),
        BadHttpRequestException { InnerException: JsonException json } => Invalid(new Dictionary<string, string[]> { [JsonField(json)] = [JsonProblem(json)] }),
        // Every query value and header is bound by the service's own types (QueryValues, IfMatch), which fail with
        // RequestValidationException; what the framework still refuses with a 400 is a missing or null body.
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } => Invalid(new Dictionary<string, string[]> { ["$"] = ["The body must be a JSON object."] }),
        BadHttpRequestException e => Problem(e.StatusCode, "The request could not be read.", e.Message),
        SettingsNotConfiguredException or OwnSmtpNotConfiguredException or ConcurrentChangeException or DeliveryStatusConflictException => Problem(StatusCodes.Status409Conflict, "Conflict", exception.Message),
        NotFoundException => Problem(StatusCodes.Status404NotFound, "Not found", exception.Message),
        VersionMismatchException => Problem(StatusCodes.Status412PreconditionFailed, "Precondition failed", exception.Message),
        SmtpFailureException e => SmtpProblem(e),
        OAuth2TokenException e => TokenProblem(e),
        StoredPasswordUnreadableException e => Invalid(new Dictionary<string, string[]> { [e.Field] = [exception.Message] }),
        SmtpHostRefusedException => Invalid(new Dictionary<string, string[]> { ["host"] = [exception.Message] }),
        AllowanceExceededException => Problem(StatusCodes.Status429TooManyRequests, "Too many requests", exception.Message),
        IdempotencyConflictException => Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused", exception.Message),
        _ when IsDatabaseOutage(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The database is not reachable right now; try again in a few seconds."),
        _ => null,
    };

    /// <summary>Marten wraps Npgsql's errors; a transient one anywhere in the chain means PostgreSQL is away.</summary>
    private static bool IsDatabaseOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException)
            {
                return true;
            }
        }

        return false;
    }

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    public static HttpValidationProblemDetails Invalid(IReadOnlyDictionary<string, string[]> errors) => new(errors.ToDictionary())
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "The request is not valid.",
        Detail = "See errors for the fields to correct.",
    };

    private static ProblemDetails SmtpProblem(SmtpFailureException e)
    {
        var problem = Problem(StatusCodes.Status422UnprocessableEntity, "The SMTP server could not be verified.", e.Message);
        problem.Extensions["stage"] = e.Stage;
        problem.Extensions["smtpStatusCode"] = e.SmtpStatusCode;
        return problem;
    }

    /// <summary>No access token: the provider's own code (<c>AADSTS7000215</c>, <c>invalid_grant</c>, …) and what to fix.</summary>
    private static ProblemDetails TokenProblem(OAuth2TokenException e)
    {
        var problem = Problem(StatusCodes.Status422UnprocessableEntity, "No access token could be obtained from the OAuth 2.0 provider.", e.Message);
        problem.Extensions["stage"] = e.Stage;
        problem.Extensions["providerError"] = e.ProviderError;
        return problem;
    }

    /// <summary>"$.advanced.timeoutSeconds" becomes "advanced.timeoutSeconds"; a body that is not valid JSON at all is "$".</summary>
    private static string JsonField(JsonException json) =>
        IsSyntaxError(json) || json.Path is null or "$" ? "$" : json.Path.TrimStart('$', '.');

    // The reader reports malformed JSON as an inner JsonException; a value of the wrong type has none.
    private static bool IsSyntaxError(JsonException json) => json.InnerException is JsonException;

    private static string JsonProblem(JsonException json) =>
        IsSyntaxError(json) ? "The body is not valid JSON."
        : json.Path is null or "$"
            ? "The body must be a JSON object."
            : "This field is not part of the request, or its value has the wrong type or format.";
}
