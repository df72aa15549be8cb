using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Settings;

/// <summary>
/// The contract's role/tenant table for every route beyond the settings commands (those are in
/// <see cref="AuthorizationMatrixTests"/>): who gets through, who gets 403, and that no one gets 401 with a valid token.
/// </summary>
public sealed class RouteRoleMatrixTests(ApiFactory factory) : ApiTest(factory)
{
    private const string Own = "own";

    private static readonly Dictionary<string, Identity> Callers = new()
    {
        ["tenant-admin"] = Identity.TenantAdmin(Own),
        ["tenant-admin of another"] = Identity.TenantAdmin("another"),
        ["auditor"] = Identity.Auditor,
        ["support"] = Identity.Support,
        ["sender"] = Identity.Sender(Own),
        ["sender of all"] = new("service-all", ["sender"], "*"),
        ["sender of another"] = Identity.Sender("another"),
    };

    private static readonly Dictionary<string, string[]> AllowedBy = new()
    {
        ["GET history"] = ["tenant-admin", "auditor", "support"],
        ["GET diff"] = ["tenant-admin", "auditor", "support"],
        ["GET version"] = ["tenant-admin", "auditor", "support"],
        ["POST rollback"] = ["support"],
        ["POST erase-password"] = ["support"],
        ["GET tenants"] = ["auditor", "support"],
        ["POST emails"] = ["tenant-admin", "sender", "sender of all"],
        ["POST notifications"] = ["tenant-admin", "sender", "sender of all"],
        ["GET emails"] = ["tenant-admin", "sender", "sender of all", "auditor", "support"],
        ["GET email"] = ["tenant-admin", "sender", "sender of all", "auditor", "support"],
    };

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var route in AllowedBy.Keys)
        {
            foreach (var caller in Callers.Keys)
            {
                cases.Add(route, caller);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task each_role_reaches_exactly_the_routes_the_contract_gives_it(string route, string caller)
    {
        var tenant = await ConfiguredTenantAsync();
        var deliveryId = (await Admin(tenant).PostAsync($"/api/v1/tenants/{tenant}/emails", new { to = new[] { "jan@klient.pl" }, subject = "x", textBody = "y" })).Json["id"]!.GetValue<string>();
        var identity = Callers[caller] with { TenantId = Callers[caller].TenantId == Own ? tenant : Callers[caller].TenantId };
        var client = As(identity);

        var reply = route switch
        {
            "GET history" => await client.GetAsync($"{Settings(tenant)}/history"),
            "GET diff" => await client.GetAsync($"{Settings(tenant)}/diff?from=1&to=2"),
            "GET version" => await client.GetAsync($"{Settings(tenant)}?version=1"),
            "POST rollback" => await client.PostAsync($"{Settings(tenant)}/rollback", new { toVersion = 1, reason = "matrix" }),
            "POST erase-password" => await client.PostAsync($"{Settings(tenant)}/erase-password", new { reason = "matrix" }),
            "GET tenants" => await client.GetAsync("/api/v1/tenants?limit=1"),
            "POST emails" => await client.PostAsync($"/api/v1/tenants/{tenant}/emails", new { to = new[] { "jan@klient.pl" }, subject = "x", textBody = "y" }),
            "POST notifications" => await client.PostAsync($"/api/v1/tenants/{tenant}/notifications", new { subject = "x", textBody = "y" }),
            "GET emails" => await client.GetAsync($"/api/v1/tenants/{tenant}/emails"),
            _ => await client.GetAsync($"/api/v1/tenants/{tenant}/emails/{deliveryId}"),
        };

        var allowed = AllowedBy[route].Contains(caller);
        Assert.True(allowed ? reply.Status is >= 200 and < 300 : reply.Status == 403, $"{caller} on {route}: {reply}");
        if (!allowed)
        {
            Assert.Equal(2, await EventCountAsync(tenant));
        }
    }
}
