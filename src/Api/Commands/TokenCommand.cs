using Desktomy.Email.Api.Auth;
using Desktomy.Email.Domain;
using Desktomy.Email.Domain.Tenants;

namespace Desktomy.Email.Api.Commands;

/// <summary>
/// <c>token --role tenant-admin --tenant demo [--sub alice] [--hours 12]</c>: a development JWT. It needs no configuration:
/// it reads Auth:SigningKey, Auth:Issuer and Auth:Audience where the service would (appsettings, environment) and signs
/// with the key scripts/run.sh uses when none is set.
/// </summary>
public static class TokenCommand
{
    public const string Name = "token";

    public const string Description = "Mints a development JWT (HS256) the service accepts; needs no configuration";

    public const string Usage = """
        Usage: token --role <role> [--role <role>…] [--tenant <tenant id>] [--sub <actor>] [--hours <n>]

          --role     tenant-admin, auditor, support or sender (repeat for several)
          --tenant   the tenant a tenant-admin or sender acts for (required for them; * = every tenant, sender only)
          --sub      the actor recorded in the audit trail (default: dev-<first role>)
          --hours    hours until the token expires (default 12)

        Signed with Auth:SigningKey (and carrying Auth:Issuer / Auth:Audience when set) from appsettings or the
        environment (Auth__SigningKey); without one, with the development key scripts/run.sh starts the service with.
        Example: token --role tenant-admin --tenant demo --sub alice
        """;

    private static readonly string[] KnownRoles = [Roles.TenantAdmin, Roles.Auditor, Roles.Support, Roles.Sender];

    public static int Run(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        if (args.Any(CommandLine.IsHelpFlag))
        {
            output.WriteLine(Usage);
            return 0;
        }

        var parsed = Parse(args);
        if (parsed.Problem is not null)
        {
            error.WriteLine($"token: {parsed.Problem}");
            error.WriteLine();
            error.WriteLine(Usage);
            return 1;
        }

        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (!string.IsNullOrWhiteSpace(options.Authority))
        {
            error.WriteLine("token: this configuration takes tokens from the identity provider at Auth:Authority, not development tokens.");
            return 1;
        }

        if (string.IsNullOrEmpty(options.SigningKey))
        {
            options.SigningKey = AuthOptions.DevelopmentSigningKey;
            error.WriteLine("token: Auth:SigningKey is not set; signed with the development key of scripts/run.sh.");
        }
        else if (options.Problem() is { } problem)
        {
            error.WriteLine($"token: {problem}");
            return 1;
        }

        output.WriteLine(new DevelopmentTokens(options, TimeProvider.System).Issue(parsed.Subject!, parsed.Roles, parsed.Tenant, TimeSpan.FromHours(parsed.Hours)));
        return 0;
    }

    private static Request Parse(string[] args)
    {
        var request = new Request();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            if (value is null || !args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return request with { Problem = $"'{args[i]}' is not an option with a value." };
            }

            i++;
            request = args[i - 1] switch
            {
                "--role" => request with { Roles = [.. request.Roles, value] },
                "--tenant" => request with { Tenant = value },
                "--sub" => request with { Subject = value },
                "--hours" => int.TryParse(value, out var hours) && hours is > 0 and <= 24 * 365
                    ? request with { Hours = hours }
                    : request with { Problem = "--hours takes a whole number of hours (1 to 8760)." },
                var unknown => request with { Problem = $"unknown option '{unknown}'." },
            };
            if (request.Problem is not null)
            {
                return request;
            }
        }

        return Check(request with { Subject = request.Subject ?? (request.Roles.Count > 0 ? $"dev-{request.Roles[0]}" : null) });
    }

    private static Request Check(Request request)
    {
        var needsTenant = request.Roles.Any(role => role is Roles.TenantAdmin or Roles.Sender);
        var problem = request.Roles.Count == 0 ? "give at least one --role."
            : request.Roles.FirstOrDefault(role => !KnownRoles.Contains(role)) is { } bogus ? $"'{bogus}' is not a role (tenant-admin, auditor, support, sender)."
            : needsTenant && request.Tenant is null ? "a tenant-admin or sender token needs --tenant."
            : request.Tenant is { } tenant && !TenantId.IsValid(tenant) && !(tenant == Claims.AllTenants && request.Roles.All(role => role != Roles.TenantAdmin))
                ? $"'{tenant}' is not a tenant id (* only for sender)."
            : request.Subject is not { Length: > 0 and <= ClaimRules.MaxSubjectLength } || TextRules.HasControlCharacters(request.Subject)
                ? $"--sub must be 1 to {ClaimRules.MaxSubjectLength} printable characters."
            : null;
        return request with { Problem = problem };
    }

    private sealed record Request
    {
        public IReadOnlyList<string> Roles { get; init; } = [];

        public string? Tenant { get; init; }

        public string? Subject { get; init; }

        public int Hours { get; init; } = 12;

        public string? Problem { get; init; }
    }
}
