using System.Net;
using System.Text.RegularExpressions;
using Desktomy.Email.OpenIdProvider;

namespace Desktomy.Email.Bench;

/// <summary>
/// The admin console (issue 14): its settings page rendered by the server, side by side with the API's GET of the
/// same settings, and every page's weight (HTML with the stylesheet, scripts and images it loads).
/// <para>
/// The session is a real one: the service runs in Production with <c>Auth:Console:Authority</c> naming an OpenID
/// provider the benchmark starts on loopback (<see cref="TestOpenIdProvider"/>), and the benchmark signs in as a browser
/// does, following the redirects of the code flow (PKCE, the code exchanged by the service, userinfo) into the console's
/// cookie. So the page is measured with the same authentication handlers, cookie decryption and antiforgery tokens as
/// in production; only the provider is a stand-in (the tests' choice too).
/// </para>
/// </summary>
public static partial class ConsoleScenario
{
    public const double TargetRatio = 3;
    public const int MaxPageKilobytes = 150;
    public const string Tenant = "bench-000";

    public static void Configure(IDictionary<string, string> settings, TestOpenIdProvider provider)
    {
        settings["Auth:Console:Authority"] = provider.Issuer;
        settings["Auth:Console:ClientId"] = TestOpenIdProvider.ClientId;
        settings["Auth:Console:ClientSecret"] = TestOpenIdProvider.ClientSecret;
        settings["Auth:Console:RequireHttpsMetadata"] = "false"; // the provider is on loopback, over plain HTTP
    }

    /// <summary>A client holding a console session of <paramref name="user"/>, signed in through the provider.</summary>
    public static async Task<HttpClient> SignInAsync(Uri service, TestOpenIdProvider provider, Dictionary<string, object> user)
    {
        provider.User = user;
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true, MaxAutomaticRedirections = 10 })
        {
            BaseAddress = service,
        };
        using var signedIn = await http.GetAsync(new Uri("/admin/sign-in?handler=Provider&returnUrl=%2Fadmin", UriKind.Relative));
        var landed = signedIn.RequestMessage?.RequestUri?.AbsolutePath;
        if (!signedIn.IsSuccessStatusCode || landed is null || landed.EndsWith("/sign-in", StringComparison.Ordinal) || landed.EndsWith("/denied", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The console sign-in for {user["sub"]} ended at {landed} ({(int)signedIn.StatusCode}).");
        }

        return http;
    }

    public static Dictionary<string, object> TenantAdmin => new() { ["sub"] = "bench-admin", ["role"] = "tenant-admin", ["tenant_id"] = Tenant };

    public static Dictionary<string, object> Support => new() { ["sub"] = "bench-support", ["role"] = "support" };

    public static string SettingsPage => $"/admin/tenants/{Tenant}/settings";

    /// <summary>The settings page of <see cref="Tenant"/>, read to its end.</summary>
    public static async Task<bool> PageAsync(HttpClient console)
    {
        using var response = await console.GetAsync(new Uri(SettingsPage, UriKind.Relative), HttpCompletionOption.ResponseContentRead);
        return response.StatusCode == HttpStatusCode.OK && response.RequestMessage?.RequestUri?.AbsolutePath == SettingsPage;
    }

    /// <summary>Every page of the console as its users reach it, with what it loads; sizes as sent, uncompressed.</summary>
    public static async Task<PageWeight[]> WeightsAsync(HttpClient admin, HttpClient support, HttpClient anonymous)
    {
        var deliveries = await admin.GetStringAsync(new Uri($"/admin/tenants/{Tenant}/deliveries", UriKind.Relative));
        var delivery = DeliveryLink().Match(deliveries) is { Success: true } link ? link.Value : null;
        var pages = new List<(HttpClient Client, string Path)>
        {
            (anonymous, "/admin/sign-in"),
            (admin, SettingsPage),
            (admin, $"/admin/tenants/{Tenant}/history"),
            (admin, $"/admin/tenants/{Tenant}/deliveries"),
            (support, "/admin/tenants"),
            (support, $"/admin/tenants/{Tenant}/rollback"),
            (admin, "/admin/denied"),
        };
        if (delivery is not null)
        {
            pages.Insert(4, (admin, delivery));
        }

        var weights = new List<PageWeight>();
        foreach (var (client, path) in pages)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            var html = await response.Content.ReadAsByteArrayAsync();
            var assets = 0L;
            foreach (var asset in Assets().Matches(System.Text.Encoding.UTF8.GetString(html)).Select(m => m.Groups["url"].Value).Distinct())
            {
                assets += (await client.GetByteArrayAsync(new Uri(WebUtility.HtmlDecode(asset), UriKind.RelativeOrAbsolute))).Length;
            }

            var weight = new PageWeight(path, (int)response.StatusCode, Math.Round(html.Length / 1024.0, 1), Math.Round(assets / 1024.0, 1), Math.Round((html.Length + assets) / 1024.0, 1));
            Console.WriteLine(weight);
            weights.Add(weight);
        }

        return [.. weights];
    }

    /// <summary>What a page loads from the service itself (the console's CSP allows nothing else).</summary>
    [GeneratedRegex(@"(?:<link[^>]+rel=""stylesheet""[^>]+href|<script[^>]+src|<img[^>]+src)=""(?<url>/[^""]*)""")]
    private static partial Regex Assets();

    [GeneratedRegex($"/admin/tenants/{Tenant}/deliveries/[A-Za-z0-9_-]+")]
    private static partial Regex DeliveryLink();
}

/// <summary>A console page's HTML and the stylesheet, scripts and images it loads (kB).</summary>
public sealed record PageWeight(string Page, int Status, double HtmlKilobytes, double AssetsKilobytes, double TotalKilobytes);
