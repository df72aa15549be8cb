using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Desktomy.Email.Api.Auth;

/// <summary>In Development, prints where the service listens and ready-made tokens, so a newcomer can call it at once.</summary>
public sealed class DevelopmentBanner(IServer server, IHostApplicationLifetime lifetime, DevelopmentTokens tokens) : IHostedService
{
    public const string DemoTenant = "demo";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var url = Reachable(server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000");
        var admin = tokens.Issue("dev-admin", [Roles.TenantAdmin], DemoTenant);
        Console.WriteLine($"""

            Desktomy.Email is listening on {url} (API reference: {url}/scalar)
            Development tokens (12 h):
              tenant-admin of '{DemoTenant}': {admin}
              support:                   {tokens.Issue("dev-support", [Roles.Support], null)}
              auditor:                   {tokens.Issue("dev-auditor", [Roles.Auditor], null)}
            Try:
              curl -X PUT {url}/api/v1/tenants/{DemoTenant}/email-settings/primary-email -H "Authorization: Bearer {admin}" -H "Content-Type: application/json" -d '{"{"}"primaryEmail":"biuro@example.com"{"}"}'

            """);
    }

    /// <summary>A wildcard listening address ("http://+:5080", "http://[::]:5080") is not something curl can call.</summary>
    private static string Reachable(string address)
    {
        foreach (var wildcard in new[] { "://+:", "://*:", "://0.0.0.0:", "://[::]:" })
        {
            address = address.Replace(wildcard, "://localhost:", StringComparison.Ordinal);
        }

        return address;
    }
}
