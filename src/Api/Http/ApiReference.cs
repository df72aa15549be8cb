using Scalar.AspNetCore;

namespace Desktomy.Email.Api.Http;

/// <summary>The API reference page (/scalar); <c>GET /</c> leads to the console (ConsoleSetup).</summary>
public static class ApiReference
{
    public const string Path = "/scalar";

    public static void MapApiReference(this WebApplication app)
    {
        // Everything on the page must work without the internet: no AI agent, MCP, telemetry, CDN fonts, or the
        // developer toolbar and client button that lead to Scalar's online services.
        app.MapScalarApiReference(Path, options => options
                .WithTitle(ApiIntroduction.Title)
                .DisableAgent()
                .DisableMcp()
                .DisableTelemetry()
                .DisableDefaultFonts()
                .HideDeveloperTools()
                .HideClientButton()
                .AddPreferredSecuritySchemes(["Bearer"]))
            .AllowAnonymous();
    }
}
