using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Desktomy.Email.Application.Smtp.OAuth2;

public static class OAuth2Registration
{
    /// <summary>The token source and what it needs; the private-host guard and a TimeProvider are registered elsewhere.</summary>
    public static IServiceCollection AddOAuth2Tokens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OAuth2Options>()
            .Bind(configuration.GetSection(OAuth2Options.Section))
            .Validate(o => IsAbsolute(o.MicrosoftAuthority), "Mail:OAuth2:MicrosoftAuthority must be an absolute URL such as https://login.microsoftonline.com.")
            .Validate(o => IsAbsolute(o.GoogleTokenEndpoint), "Mail:OAuth2:GoogleTokenEndpoint must be an absolute URL such as https://oauth2.googleapis.com/token.")
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 300, "Mail:OAuth2:TimeoutSeconds must be between 1 and 300.")
            .ValidateOnStart();
        services.AddSingleton<TokenEndpointClient>();
        services.AddSingleton<TokenCache>();
        services.AddSingleton<OAuth2TokenSource>();
        services.AddSingleton<OAuth2SmtpLogin>();
        return services;
    }

    private static bool IsAbsolute(string url) => Uri.TryCreate(url, UriKind.Absolute, out _);
}
