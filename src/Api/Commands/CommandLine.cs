namespace Desktomy.Email.Api.Commands;

/// <summary>
/// The service's own command line, answered before the service is built so that <c>help</c> and <c>token</c> need no
/// configuration. Everything else (no command: run the service; framework commands) goes on to JasperFx.
/// </summary>
public static class CommandLine
{
    public static bool IsHelpFlag(string arg) => arg is "--help" or "-h" or "-?";

    private static bool IsHelp(string arg) => IsHelpFlag(arg) || arg is "help" or "?";

    /// <summary>The exit code when <paramref name="args"/> is one of the service's own commands; null to go on.</summary>
    public static int? TryRun(string[] args, TextWriter output, TextWriter error) => args switch
    {
        [var first] when IsHelp(first) => Help(output),
        [TokenCommand.Name, .. var rest] => TokenCommand.Run(rest, LightConfiguration(), output, error),
        [RotateMasterKeyCommand.Name, var second, ..] when IsHelpFlag(second) => Print(output, RotateMasterKeyCommand.HelpText),
        [ImportCommand.Name, var second, ..] when IsHelpFlag(second) => Print(output, ImportCommand.HelpText),
        _ => null,
    };

    /// <summary>The configuration sources the service reads, without the service: appsettings and the environment.</summary>
    private static IConfiguration LightConfiguration()
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environments.Production;
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
    }

    private static int Print(TextWriter output, string text)
    {
        output.WriteLine(text);
        return 0;
    }

    private static int Help(TextWriter output) => Print(output, $"""
        Desktomy.Email: e-mail settings and mail delivery for DESKTOMY tenants.

        Usage: dotnet Desktomy.Email.Api.dll [command] [options]
               dotnet run --project src/Api -- [command] [options]

        With no command the service runs (configuration: README.md, "Configuration").

        Service commands (`<command> --help` for the options):
          {TokenCommand.Name,-20}{TokenCommand.Description}
          {RotateMasterKeyCommand.Name,-20}{RotateMasterKeyCommand.Summary}
          {ImportCommand.Name,-20}{ImportCommand.Summary}
          {"help",-20}This list

        Framework commands (JasperFx, Marten). They need the service's whole configuration and act on its database;
        `help <command>` describes one.
          Schema:       db-apply, db-assert, db-list, db-dump, db-patch (writes patch files),
                        resources setup|check|list|statistics (the mail queue's table included)
          Inspection:   describe, check-env, capabilities, describe-event-model, event-model, event-query, stream-query
          Running:      run (the same as no command)
          DESTRUCTIVE (delete or rewrite data; never against a live database without a backup):
                        marten (--reset deletes all Marten data), resources teardown|clear
        """);
}
