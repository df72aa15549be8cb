using System.Text.Json;
using System.Text.Json.Serialization;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>A delivery as the contract shows it (API.md, "Delivery"); strings where the contract has names.</summary>
public sealed record DeliveryReply(
    string Id,
    string Kind,
    string Status,
    int Attempts,
    string? Transport,
    long? SettingsVersion,
    string? From,
    string? ReplyTo,
    string[] To,
    string[] Cc,
    string Subject,
    string MessageId,
    DeliveryErrorReply? LastError,
    DateTimeOffset QueuedAt,
    DateTimeOffset? SentAt);

public sealed record DeliveryErrorReply(string Stage, int? SmtpStatusCode, string Message);

/// <summary>The 202 answer to an accepted mail.</summary>
public sealed record QueuedReply(string Id, string Status);

public sealed record DeliveryPageReply(DeliveryReply[] Items);

/// <summary>The field errors of a 400 problem (RFC 9457 with <c>errors</c>); its other members are not read here.</summary>
public sealed record ValidationProblemReply(Dictionary<string, string[]> Errors);

public static class MailReplies
{
    /// <summary>The contract's JSON: camelCase, and a field the contract does not name fails the test.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static T As<T>(this Reply reply) =>
        JsonSerializer.Deserialize<T>(reply.Body, Json) ?? throw new InvalidOperationException($"The body is JSON null: {reply}");

    /// <summary>The fields a 400 problem names.</summary>
    public static IReadOnlyCollection<string> FieldErrors(this Reply reply) =>
        (JsonSerializer.Deserialize<ValidationProblemReply>(reply.Body, JsonSerializerOptions.Web) ?? throw new InvalidOperationException($"The body is JSON null: {reply}")).Errors.Keys;
}
