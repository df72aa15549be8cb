using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace Desktomy.Email.Api.Auth;

public static class AuthSetup
{
    public static IServiceCollection AddEmailAuth(this IServiceCollection services, IConfiguration configuration)
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
            jwt.TokenValidationParameters.ValidateIssuer = false;
            jwt.TokenValidationParameters.ValidateAudience = !string.IsNullOrWhiteSpace(options.Audience);
            jwt.TokenValidationParameters.ValidAudience = options.Audience;
        });

        services.AddSingleton<IAuthorizationHandler, TenantAccessHandler>();
        services.AddAuthorization(Policies.Add);
        return services;
    }
}
