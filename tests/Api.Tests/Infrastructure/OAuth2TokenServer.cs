using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>
/// An OAuth 2.0 token endpoint on 127.0.0.1 that speaks the real protocol, standing in for Microsoft Entra ID, Google
/// and a generic authorization server: form-encoded client credentials and the RFC 7523 JWT bearer grant (assertion
/// verified against the registered public key), real error bodies with AADSTS codes on the Microsoft path, opaque
/// tokens with <c>expires_in</c>. It can issue short-lived tokens, fail with 5xx, and hang.
/// </summary>
public sealed class OAuth2TokenServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly OAuth2Grants _grants;
    private readonly ConcurrentQueue<string> _requests = new();
    private int _failures;
    private int _failureStatus;
    private int _hangs;

    private OAuth2TokenServer(WebApplication app, OAuth2Grants grants)
    {
        _app = app;
        _grants = grants;
        app.MapPost("/microsoft/{directory}/oauth2/v2.0/token", (HttpContext http, string directory) => AnswerAsync(http, form => grants.Microsoft(directory, form)));
        app.MapPost("/google/token", (HttpContext http) => AnswerAsync(http, form => grants.Google(form, GoogleTokenEndpoint)));
        app.MapPost("/generic/token", (HttpContext http) => AnswerAsync(http, grants.Generic));
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>For <c>Mail:OAuth2:MicrosoftAuthority</c>.</summary>
    public string MicrosoftAuthority => $"{BaseUrl}/microsoft";

    /// <summary>For <c>Mail:OAuth2:GoogleTokenEndpoint</c>.</summary>
    public string GoogleTokenEndpoint => $"{BaseUrl}/google/token";

    public string GenericTokenEndpoint => $"{BaseUrl}/generic/token";

    /// <summary>The lifetime of the tokens issued from now on (<c>expires_in</c>).</summary>
    public TimeSpan TokenLifetime
    {
        get => _grants.TokenLifetime;
        set => _grants.TokenLifetime = value;
    }

    /// <summary>The paths of the token requests received so far, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public static async Task<OAuth2TokenServer> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new OAuth2TokenServer(app, new OAuth2Grants(clock ?? TimeProvider.System));
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    /// <summary>An Entra ID app registration allowed to send as <paramref name="mailboxes"/> (SMTP.SendAsApp, mailbox permission).</summary>
    public void RegisterMicrosoftApp(string directoryId, string clientId, string clientSecret, params string[] mailboxes) =>
        _grants.MicrosoftApps[(directoryId, clientId)] = new(clientSecret, [.. mailboxes]);

    /// <summary>A service account whose domain-wide delegation covers <paramref name="delegatedScopes"/> for <paramref name="mailboxes"/>.</summary>
    public void RegisterGoogleServiceAccount(string clientEmail, RSA publicKey, string[] mailboxes, params string[] delegatedScopes) =>
        _grants.GoogleAccounts[clientEmail] = new(publicKey.ExportParameters(includePrivateParameters: false), [.. mailboxes], [.. delegatedScopes]);

    public void RegisterGenericClient(string clientId, string clientSecret, string? scope, params string[] mailboxes) =>
        _grants.GenericClients[clientId] = new(clientSecret, scope, [.. mailboxes]);

    /// <summary>The next <paramref name="count"/> requests are answered with <paramref name="status"/> (e.g. 503).</summary>
    public void FailNext(int count, int status = 503)
    {
        Volatile.Write(ref _failureStatus, status);
        Volatile.Write(ref _failures, count);
    }

    /// <summary>The next <paramref name="count"/> requests get no answer until the client gives up.</summary>
    public void HangNext(int count) => Volatile.Write(ref _hangs, count);

    /// <summary>Every token issued so far stops being accepted, as when an app's permission is withdrawn.</summary>
    public void RevokeIssuedTokens() => _grants.RevokeAll();

    /// <summary>Whether an SMTP server may accept <paramref name="token"/> for <paramref name="mailbox"/>: issued here, unexpired, for that mailbox.</summary>
    public bool IsValid(string mailbox, string token) => _grants.IsValid(mailbox, token);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext http, Func<IFormCollection, OAuth2Grants.Answer> grant)
    {
        _requests.Enqueue(http.Request.Path);
        if (Interlocked.Decrement(ref _hangs) >= 0)
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        var answer = Interlocked.Decrement(ref _failures) >= 0
            ? new OAuth2Grants.Answer(Volatile.Read(ref _failureStatus), new { error = "temporarily_unavailable", error_description = "The service is temporarily unavailable." })
            : http.Request.HasFormContentType
                ? grant(await http.Request.ReadFormAsync(http.RequestAborted))
                : OAuth2Grants.Refuse(400, "invalid_request", "The request body must be application/x-www-form-urlencoded.");
        http.Response.StatusCode = answer.Status;
        await http.Response.WriteAsJsonAsync(answer.Body, http.RequestAborted);
    }
}
