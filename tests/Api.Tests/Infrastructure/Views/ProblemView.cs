using System.Text.Json.Serialization;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>An RFC 9457 problem with the contract's extension members.</summary>
public sealed record ProblemView(
    string? Type = null,
    string? Title = null,
    int? Status = null,
    string? Detail = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Errors = null,
    VerificationStage? Stage = null,
    int? SmtpStatusCode = null)
{
    /// <summary>The messages for one field (a camelCase JSON path of the request), empty when the field has none.</summary>
    public IReadOnlyList<string> ErrorsFor(string field) => Errors?.GetValueOrDefault(field) ?? [];
}

/// <summary>Where the verification of an SMTP server failed (<c>stage</c> of a 422).</summary>
public enum VerificationStage
{
    [JsonStringEnumMemberName("connect")]
    Connect,

    [JsonStringEnumMemberName("tls")]
    Tls,

    [JsonStringEnumMemberName("auth")]
    Auth,

    [JsonStringEnumMemberName("token")]
    Token,
}
