using Desktomy.Email.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Desktomy.Email.Api.AdminConsole;

/// <summary>
/// The console signs people in into a cookie carrying the API's claims (<c>sub</c>, <c>role</c>, <c>tenant_id</c>),
/// so the API's policies decide here too. The cookie is filled by the development sign-in page (Development and
/// Testing) or by OpenID Connect (<c>Auth:Console:*</c>) everywhere else.
/// </summary>
public static class ConsoleAuth
{
    public const string Scheme = "Console";
    public const string OpenIdScheme = "ConsoleOpenId";
    public const string Section = "Auth:Console";

    public static bool DevelopmentSignIn(IHostEnvironment environment) => environment.IsDevelopment() || environment.IsEnvironment("Testing");

    public static IServiceCollection AddConsoleAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var authentication = services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "desktomy.console";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.Path = ConsoleSetup.Path;
            cookie.LoginPath = $"{ConsoleSetup.Path}/sign-in";
            cookie.LogoutPath = $"{ConsoleSetup.Path}/sign-out";
            cookie.AccessDeniedPath = $"{ConsoleSetup.Path}/denied";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
        });

        var openId = configuration.GetSection(Section);
        if (!DevelopmentSignIn(environment) && !string.IsNullOrWhiteSpace(openId["Authority"]))
        {
            authentication.AddOpenIdConnect(OpenIdScheme, oidc =>
            {
                oidc.SignInScheme = Scheme;
                oidc.Authority = openId["Authority"];
                oidc.ClientId = openId["ClientId"];
                oidc.ClientSecret = openId["ClientSecret"];
                oidc.RequireHttpsMetadata = openId.GetValue("RequireHttpsMetadata", true);
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                oidc.UsePkce = true;

                // The code comes back in the query of a top-level redirect, so the correlation and nonce cookies can be
                // SameSite=Lax (form_post needs SameSite=None, which browsers accept only with Secure).
                oidc.ResponseMode = OpenIdConnectResponseMode.Query;
                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.CallbackPath = $"{ConsoleSetup.Path}/signin-oidc";
                oidc.SignedOutCallbackPath = $"{ConsoleSetup.Path}/signout-callback-oidc";
                oidc.MapInboundClaims = false;
                oidc.GetClaimsFromUserInfoEndpoint = true;
                foreach (var scope in openId.GetSection("Scopes").Get<string[]>() ?? [])
                {
                    oidc.Scope.Add(scope);
                }

                // From userinfo only when the ID token did not carry them: one tenant_id, never two copies of it.
                oidc.ClaimActions.MapUniqueJsonKey(Claims.Role, Claims.Role);
                oidc.ClaimActions.MapUniqueJsonKey(Claims.TenantId, Claims.TenantId);
                oidc.TokenValidationParameters.NameClaimType = Claims.Subject;
                oidc.TokenValidationParameters.RoleClaimType = Claims.Role;
                oidc.Events = new OpenIdConnectEvents
                {
                    OnTicketReceived = context =>
                    {
                        if (context.Principal is { } principal && ClaimRules.Problem(principal) is { } problem)
                        {
                            context.Fail(problem);
                        }

                        return Task.CompletedTask;
                    },
                    OnRemoteFailure = context =>
                    {
                        // A refused or malformed sign-in is a page that says so, not an error page.
                        context.Response.Redirect($"{ConsoleSetup.Path}/denied");
                        context.HandleResponse();
                        return Task.CompletedTask;
                    },
                };
            });
        }

        // The API answers a refusal with a problem document; a person in the console gets a page instead.
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler>(provider =>
            new ConsoleAuthorizationResults(ActivatorUtilities.CreateInstance<ForbiddenProblems>(provider))));
        return services;
    }

    /// <summary>The roles the console serves; a signed-in user with none of them is told so.</summary>
    public static readonly string[] ConsoleRoles = [Roles.TenantAdmin, Roles.Auditor, Roles.Support];
}

public sealed class ConsoleAuthorizationResults(ForbiddenProblems api) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        context.Request.Path.StartsWithSegments(ConsoleSetup.Path)
            ? _default.HandleAsync(next, context, policy, authorizeResult)
            : api.HandleAsync(next, context, policy, authorizeResult);
}
