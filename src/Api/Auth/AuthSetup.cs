using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace Desktomy.Email.Api.Auth;

public static class AuthSetup
{
    public static IServiceCollection AddEmailAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (options.Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        services.AddSingleton(options);
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.SaveToken = false; // nothing reads the raw token back from the request's authentication properties
            jwt.TokenHandlers.Clear();
            jwt.TokenHandlers.Add(new ValidatedTokens { MapInboundClaims = false });

            // Why a token was refused (key not found, expiry times) helps a developer and an attacker alike.
            jwt.IncludeErrorDetails = environment.IsDevelopment();
            jwt.Events = new JwtBearerEvents { OnTokenValidated = RefuseUnprintableClaims };
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = Claims.Subject,
                RoleClaimType = Claims.Role,
                ClockSkew = TimeSpan.FromSeconds(30),
            };

            if (!string.IsNullOrWhiteSpace(options.Authority))
            {
                jwt.Authority = options.Authority;
                jwt.Audience = options.Audience;
                return;
            }

            jwt.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(options.SigningKeyBytes());
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            jwt.TokenValidationParameters.ValidateIssuer = !string.IsNullOrWhiteSpace(options.Issuer);
            jwt.TokenValidationParameters.ValidIssuer = options.Issuer;
            jwt.TokenValidationParameters.ValidateAudience = !string.IsNullOrWhiteSpace(options.Audience);
            jwt.TokenValidationParameters.ValidAudience = options.Audience;
        });

        services.AddSingleton<IAuthorizationHandler, TenantAccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenProblems>();
        services.AddAuthorization(Policies.Add);
        return services;
    }

    private static Task RefuseUnprintableClaims(TokenValidatedContext context)
    {
        if (context.Principal is { } principal && ClaimRules.Problem(principal) is { } problem)
        {
            context.Fail(problem);
        }

        return Task.CompletedTask;
    }
}
