using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>
/// Asks a provider's token endpoint for an access token, once, with a timeout, through the private-host guard. Every
/// failure becomes an <see cref="OAuth2TokenException"/> saying what to fix and whether asking again can help.
/// </summary>
public sealed class TokenEndpointClient : IDisposable
{
    private const int MaxResponseBytes = 64 * 1024;

    private readonly HttpClient _http;
    private readonly SmtpHostGuard _guard;
    private readonly OAuth2Options _options;
    private readonly bool _allowPrivateHosts;
    private readonly TimeProvider _clock;

    public TokenEndpointClient(SmtpHostGuard guard, IOptions<SmtpNetworkOptions> network, IOptions<OAuth2Options> options, TimeProvider clock)
    {
        _guard = guard;
        _options = options.Value;
        _allowPrivateHosts = network.Value.AllowPrivateHosts;
        _clock = clock;
        var timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds);
        _http = new HttpClient(GuardedTokenHandler.Create(guard, timeout)) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = MaxResponseBytes };
    }

    /// <summary>Why a tenant's token endpoint URL may not be called here, decided before anything is resolved or sent; null when it may.</summary>
    public string? EndpointProblem(string tokenEndpoint) =>
        Uri.TryCreate(tokenEndpoint, UriKind.Absolute, out var endpoint)
            ? TokenEndpointPolicy.Problem(endpoint, _allowPrivateHosts, _guard)
            : "The token endpoint must be an absolute https URL.";

    public async Task<AccessToken> RequestAsync(OAuth2Client client, string username, CancellationToken cancellationToken)
    {
        var request = TokenRequest.For(client, username, _options, _clock.GetUtcNow());
        if (TokenEndpointPolicy.Problem(request.Endpoint, _allowPrivateHosts, _guard) is { } problem)
        {
            throw new OAuth2TokenException(problem, providerError: null, permanent: true);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        var host = request.Endpoint.Host;
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, request.Endpoint) { Content = new FormUrlEncodedContent(request.Form) };
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _http.SendAsync(message, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return response.IsSuccessStatusCode
                ? Parse(body, host)
                : throw ProviderErrors.Explain(client, (int)response.StatusCode, body);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OAuth2TokenException($"The token endpoint {host} did not answer within {_options.TimeoutSeconds} s; the request will be tried again later.", null, permanent: false, inner: e);
        }
        catch (HttpRequestException e)
        {
            throw Explain(e, host);
        }
        catch (IOException e)
        {
            throw new OAuth2TokenException($"The connection to the token endpoint {host} broke off; the request will be tried again later.", null, permanent: false, inner: e);
        }
    }

    public void Dispose() => _http.Dispose();

    private AccessToken Parse(string body, string host)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(host);
            }

            var token = root.TryGetProperty("access_token", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var type = root.TryGetProperty("token_type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "Bearer";
            if (token is not { Length: > 0 } || !token.All(c => c is > ' ' and < '\x7f') || !string.Equals(type, "Bearer", StringComparison.OrdinalIgnoreCase))
            {
                throw Malformed(host);
            }

            var now = _clock.GetUtcNow();
            return new AccessToken(token, now, now + Lifetime(root));
        }
        catch (JsonException)
        {
            throw Malformed(host);
        }
    }

    /// <summary>RFC 6749 only recommends expires_in; some servers send it as a string. Without it, assume a short life.</summary>
    private static TimeSpan Lifetime(JsonElement root)
    {
        var seconds = root.TryGetProperty("expires_in", out var value) switch
        {
            true when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) => n,
            true when value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var s) => s,
            _ => 600,
        };
        return TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 86_400));
    }

    private static OAuth2TokenException Malformed(string host) =>
        new($"The token endpoint {host} answered without a usable bearer access token: check that the URL is the provider's token endpoint.", null, permanent: true);

    private static OAuth2TokenException Explain(HttpRequestException e, string host) => e.InnerException switch
    {
        SmtpHostRefusedException => new(TokenEndpointPolicy.Refused(host), null, permanent: true, inner: e),
        TokenEndpointRefusedException refused => new(refused.Message, null, permanent: true, inner: e),
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } =>
            new($"The token endpoint's host name {host} could not be found: check the token endpoint URL.", null, permanent: true, inner: e),
        AuthenticationException => new($"The TLS certificate of the token endpoint {host} is not trusted.", null, permanent: true, inner: e),
        _ when e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded =>
            new($"The token endpoint {host} sent an answer larger than {MaxResponseBytes / 1024} KB: check the token endpoint URL.", null, permanent: true, inner: e),
        _ => new($"The token endpoint {host} could not be reached; the request will be tried again later.", null, permanent: false, inner: e),
    };
}
