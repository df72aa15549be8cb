using System.Diagnostics;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Edges;

/// <summary>
/// scripts/test.sh on a fixture project with a noisy passing test and a failing one: progress and the tally on a green
/// run, the failure's detail only when something fails, and the last line CI parses.
/// </summary>
public sealed class TestScriptTests
{
    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <IsTestProject>true</IsTestProject>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
            <PackageReference Include="xunit" Version="2.9.3" />
            <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
          </ItemGroup>
        </Project>
        """;

    private const string Tests = """
        namespace Fixture;

        public class FixtureTests
        {
            [Xunit.Fact]
            public void a_noisy_test_that_passes()
            {
                for (var i = 0; i < 300; i++)
                {
                    Console.WriteLine($"fail: Desktomy.Email.Application.Mail.Queue.MailAttempt[0] try {i} failed");
                }
            }

            [Xunit.Fact]
            public void a_test_that_fails() => Xunit.Assert.Equal("expected-value", "actual-value");
        }
        """;

    [Fact]
    public async Task test_sh_shows_progress_and_the_tally_and_failure_detail_only_on_failure()
    {
        var fixture = Directory.CreateTempSubdirectory("desktomy-test-sh-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(fixture, "Fixture.csproj"), Project);
            await File.WriteAllTextAsync(Path.Combine(fixture, "FixtureTests.cs"), Tests);

            var red = await RunTestShAsync(fixture, []);
            var green = await RunTestShAsync(fixture, ["--filter", "FullyQualifiedName~a_noisy_test_that_passes"]);

            Assert.NotEqual(0, red.Exit);
            Assert.Equal("1 passed, 1 failed", red.Lines[^1]);
            Assert.Contains(red.Lines, line => line.Contains("Fixture -> ", StringComparison.Ordinal));
            Assert.Contains(red.Lines, line => line.Contains("a_test_that_fails", StringComparison.Ordinal));
            Assert.Contains(red.Lines, line => line.Contains("actual-value", StringComparison.Ordinal));
            Assert.Contains(red.Lines, line => line.TrimStart().StartsWith("at Fixture.FixtureTests.a_test_that_fails", StringComparison.Ordinal));

            Assert.True(green.Exit == 0, string.Join('\n', green.Lines));
            Assert.Equal("1 passed, 0 failed", green.Lines[^1]);
            Assert.Contains(green.Lines, line => line.Contains("Passed!", StringComparison.Ordinal) && line.Contains("Fixture.dll", StringComparison.Ordinal));
            Assert.DoesNotContain(red.Lines.Concat(green.Lines), line => line.Contains("fail: Desktomy", StringComparison.Ordinal));
            Assert.True(green.Lines.Count < 40, string.Join('\n', green.Lines));
        }
        finally
        {
            Directory.Delete(fixture, recursive: true);
        }
    }

    private static async Task<(int Exit, List<string> Lines)> RunTestShAsync(string fixture, string[] args)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "scripts", "test.sh")))
        {
            root = root.Parent ?? throw new InvalidOperationException("scripts/test.sh not found above the test binaries.");
        }

        // One stream, as CI and a terminal see it: which line is last is only defined there.
        var start = new ProcessStartInfo("bash", ["-c", "exec bash scripts/test.sh \"$@\" 2>&1", "test.sh", .. args])
        {
            WorkingDirectory = root.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Postgres"] = ApiFactory.ConnectionString;
        start.Environment["DESKTOMY_TEST_SOLUTION"] = Path.Combine(fixture, "Fixture.csproj");
        start.Environment["DESKTOMY_TEST_RESULTS"] = Path.Combine(fixture, "TestResults");
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        process.OutputDataReceived += (_, e) => Add(lines, e.Data);
        process.ErrorDataReceived += (_, e) => Add(lines, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        process.WaitForExit();
        lock (lines)
        {
            return (process.ExitCode, lines.Where(line => line.Length > 0).ToList());
        }
    }

    private static void Add(List<string> lines, string? line)
    {
        if (line is not null)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }
}
