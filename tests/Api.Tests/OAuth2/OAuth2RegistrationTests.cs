using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Application.Smtp.OAuth2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Api.Tests.OAuth2;

public sealed class OAuth2RegistrationTests
{
    [Fact]
    public void the_endpoints_default_to_microsoft_and_google()
    {
        using var services = Services([]);

        var options = services.GetRequiredService<IOptions<OAuth2Options>>().Value;

        Assert.Equal("https://login.microsoftonline.com", options.MicrosoftAuthority);
        Assert.Equal("https://oauth2.googleapis.com/token", options.GoogleTokenEndpoint);
        Assert.NotNull(services.GetRequiredService<OAuth2SmtpLogin>());
    }

    [Fact]
    public void the_endpoints_are_read_from_mail_oauth2()
    {
        using var services = Services(new() { ["Mail:OAuth2:MicrosoftAuthority"] = "https://login.microsoftonline.us", ["Mail:OAuth2:GoogleTokenEndpoint"] = "https://oauth2.example.com/token" });

        var options = services.GetRequiredService<IOptions<OAuth2Options>>().Value;

        Assert.Equal("https://login.microsoftonline.us", options.MicrosoftAuthority);
        Assert.Equal("https://oauth2.example.com/token", options.GoogleTokenEndpoint);
    }

    [Fact]
    public void an_endpoint_that_is_not_a_url_is_refused_naming_the_key()
    {
        using var services = Services(new() { ["Mail:OAuth2:GoogleTokenEndpoint"] = "oauth2.googleapis.com" });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OAuth2Options>>().Value);

        Assert.Contains("Mail:OAuth2:GoogleTokenEndpoint", failure.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<SmtpNetworkOptions>();
        services.AddSingleton<SmtpHostGuard>();
        services.AddOAuth2Tokens(configuration);
        return services.BuildServiceProvider();
    }
}
