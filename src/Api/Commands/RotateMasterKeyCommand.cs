using Desktomy.Email.Application.Secrets;
using JasperFx;
using JasperFx.CommandLine;

namespace Desktomy.Email.Api.Commands;

/// <summary><c>dotnet Desktomy.Email.Api.dll rotate-master-key</c>: re-wraps every tenant data key under Secrets:MasterKey.</summary>
[Description("Re-wraps every tenant data key under the current Secrets:MasterKey (the old key must be in Secrets:PreviousMasterKeys)", Name = "rotate-master-key")]
public sealed class RotateMasterKeyCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var count = await host.Services.GetRequiredService<MasterKeyRotation>().RewrapAllAsync(CancellationToken.None);
        Console.WriteLine($"Re-wrapped {count} tenant data key(s) under master key {host.Services.GetRequiredService<MasterKeyRing>().CurrentId}.");
        return true;
    }
}
