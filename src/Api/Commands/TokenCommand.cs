using Desktomy.Email.Api.Auth;
using JasperFx;
using JasperFx.CommandLine;

namespace Desktomy.Email.Api.Commands;

public sealed class TokenInput : NetCoreInput
{
    [Description("The actor id recorded in the audit trail (JWT sub)")]
    public string SubFlag { get; set; } = "dev-admin";

    [Description("A role: tenant-admin, auditor, support or sender; repeat the flag for several")]
    public List<string> RoleFlag { get; set; } = [];

    [Description("The tenant a tenant-admin or sender acts for (* = every tenant, for sender)")]
    public string? TenantFlag { get; set; }

    [Description("Hours until the token expires")]
    public int HoursFlag { get; set; } = 12;
}

/// <summary><c>dotnet run --project src/Api -- token --sub alice --role tenant-admin --tenant acme</c>: a development JWT signed with Auth:SigningKey.</summary>
[Description("Mints a development JWT signed with Auth:SigningKey", Name = "token")]
public sealed class TokenCommand : JasperFxCommand<TokenInput>
{
    public override bool Execute(TokenInput input)
    {
        using var host = input.BuildHost();
        var roles = input.RoleFlag.Count == 0 ? [Roles.TenantAdmin] : input.RoleFlag;
        Console.WriteLine(host.Services.GetRequiredService<DevelopmentTokens>().Issue(input.SubFlag, roles, input.TenantFlag, TimeSpan.FromHours(input.HoursFlag)));
        return true;
    }
}
