using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.WebEncoders;

namespace Desktomy.Email.Api.AdminConsole;

/// <summary>The admin console at <c>/admin</c>: server-rendered Razor Pages over the same use cases as the API.</summary>
public static class ConsoleSetup
{
    public const string Path = "/admin";
    public static readonly CultureInfo[] Cultures = [new("pl"), new("en")];

    public static IServiceCollection AddAdminConsole(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Console/Pages";
            options.Conventions.ConfigureFilter(new ConsoleNotFoundFilter());
        });
        // Polish letters as themselves, not as &#x142; entities: pages stay readable and smaller.
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddSingleton<ConsoleText>();
        services.AddScoped<ConsoleClock>();
        services.AddSingleton(new ConsoleAssets());
        services.AddConsoleAuth(configuration, environment);
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>Language, security headers and the strict Content-Security-Policy apply to the console's pages only.</summary>
    public static void UseAdminConsole(this WebApplication app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments(Path), console =>
        {
            console.UseRequestLocalization();

            // The console's user comes from its cookie on every console request, also on the anonymous ones (language,
            // sign-out), so that their antiforgery tokens match the user the page was rendered for.
            console.Use(async (http, next) =>
            {
                if ((await http.AuthenticateAsync(ConsoleAuth.Scheme)).Principal is { } user)
                {
                    http.User = user;
                }

                await next(http);
            });
            console.Use((http, next) =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                    + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                return next(http);
            });
        });

    public static void MapAdminConsole(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet($"{Path}/assets/{{name}}", (string name, HttpContext http, ConsoleAssets assets) => assets.Serve(name, http))
            .ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/", () => Results.Redirect(Path)).ExcludeFromDescription().AllowAnonymous();
    }
}
