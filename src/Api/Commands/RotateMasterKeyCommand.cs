using Desktomy.Email.Application.Secrets;
using JasperFx;
using JasperFx.CommandLine;

namespace Desktomy.Email.Api.Commands;

/// <summary><c>dotnet Desktomy.Email.Api.dll rotate-master-key</c>: re-wraps every tenant data key under Secrets:MasterKey.</summary>
[Description(Summary, Name = Name)]
public sealed class RotateMasterKeyCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public const string Name = "rotate-master-key";

    public const string Summary = "Re-wraps every tenant data key under Secrets:MasterKey; needs the service's configuration";

    public const string HelpText = """
        Usage: rotate-master-key

        Re-wraps every tenant data key under the current Secrets:MasterKey. The key it replaces must be listed in
        Secrets:PreviousMasterKeys; events are not touched and it is safe to run again. Needs the service's whole
        configuration (ConnectionStrings:Postgres, Secrets:MasterKey, …), as the running service. See docs/security.md.
        """;

    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var count = await host.Services.GetRequiredService<MasterKeyRotation>().RewrapAllAsync(CancellationToken.None);
        Console.WriteLine($"Re-wrapped {count} tenant data key(s) under master key {host.Services.GetRequiredService<MasterKeyRing>().CurrentId}.");
        return true;
    }
}
