using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Desktomy.Email.Api.Auth;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>An HTTP client that signs its requests as <see cref="Identity"/> and keeps every response body it saw.</summary>
public sealed class ApiClient(HttpClient http, Identity identity)
{
    private static readonly DevelopmentTokens Tokens = new(new AuthOptions { SigningKey = ApiFactory.SigningKey }, TimeProvider.System);

    public List<string> ResponseBodies { get; } = [];

    public static string Settings(string tenant) => $"/api/v1/tenants/{tenant}/email-settings";

    public static string TokenFor(Identity identity) => Tokens.Issue(identity.Subject, identity.Roles, identity.TenantId);

    public Task<Reply> GetAsync(string path, string? ifMatch = null) => SendAsync(HttpMethod.Get, path, null, ifMatch);

    public Task<Reply> PutAsync(string path, object body, string? ifMatch = null) => SendAsync(HttpMethod.Put, path, JsonContent.Create(body), ifMatch);

    public Task<Reply> PutRawAsync(string path, string? rawJson, string? ifMatch = null, string contentType = "application/json") =>
        SendAsync(HttpMethod.Put, path, rawJson is null ? null : new StringContent(rawJson, Encoding.UTF8, contentType), ifMatch);

    public Task<Reply> PostAsync(string path, object? body, string? ifMatch = null) =>
        SendAsync(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body), ifMatch);

    public Task<Reply> PostRawAsync(string path, string? rawJson, string contentType = "application/json") =>
        SendAsync(HttpMethod.Post, path, rawJson is null ? null : new StringContent(rawJson, Encoding.UTF8, contentType), null);

    public Task<Reply> DeleteAsync(string path, string? ifMatch = null) => SendAsync(HttpMethod.Delete, path, null, ifMatch);

    public async Task<Reply> SendAsync(HttpMethod method, string path, HttpContent? content, string? ifMatch, string? token = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        if (token is not null || identity != Identity.None)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? TokenFor(identity));
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        ResponseBodies.Add(body);
        return new Reply(
            (int)response.StatusCode,
            body,
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.ETag?.ToString(),
            response.Headers.Location?.ToString(),
            response.Headers.WwwAuthenticate.ToString(),
            response.Headers.RetryAfter?.Delta is { } delta ? ((int)delta.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}

public sealed record Reply(int Status, string Body, string? ContentType, string? ETag, string? Location, string WwwAuthenticate, string? RetryAfter = null)
{
    /// <summary>The raw body, for what a typed view would hide: whether a member is absent or null, or what exactly was sent.</summary>
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("The body is JSON null.");

    /// <summary>The body read as a view of the contract; fails when the body does not have that shape.</summary>
    public T As<T>() => ContractJson.Read<T>(Body);

    public long Version => As<SettingsView>().Version;

    public override string ToString() => $"{Status} {Body}";
}
