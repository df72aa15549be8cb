using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Desktomy.Email.Api.Auth;

namespace Desktomy.Email.Bench;

/// <summary>
/// S5: the go-live import, <c>POST /api/v1/imports</c> with 10,000 tenants of the previous store, a third of them with
/// own SMTP and a password (each sealed with a new data key), on durable PostgreSQL. Also shows the service's memory
/// before and after, as the file streams through.
/// </summary>
public static class ImportScenario
{
    public const int Tenants = 10_000;
    public const double TargetSeconds = 30;

    public sealed record Result(double Seconds, int Imported, double RssBeforeMegabytes, double RssAfterMegabytes);

    public static async Task<Result> RunAsync(HttpClient http, DevelopmentTokens tokens, ServiceUnderTest service)
    {
        var file = Encoding.UTF8.GetBytes(File());
        var rssBefore = RssMegabytes(service);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports?reason=bench");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue("bench-import", [Roles.Support], null));
        request.Content = new ByteArrayContent(file) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-ndjson") } };
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var seconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
        var imported = response.IsSuccessStatusCode ? JsonNode.Parse(body)!["imported"]!.GetValue<int>() : 0;
        var result = new Result(seconds, imported, rssBefore, RssMegabytes(service));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"S5 import of {Tenants:N0} tenants (a third with own SMTP and a password): {seconds} s, {imported} imported ({(int)response.StatusCode}); service RSS {result.RssBeforeMegabytes} → {result.RssAfterMegabytes} MB"));
        return result;
    }

    private static string File()
    {
        var lines = new StringBuilder();
        for (var i = 0; i < Tenants; i++)
        {
            var tenant = $"bench-import-{i:D5}";
            var line = new JsonObject
            {
                ["klient"] = tenant,
                ["email_zwrotny"] = $"biuro@{tenant}.pl",
                ["nazwa_nadawcy"] = $"Biuro {i}",
                ["wlasny_smtp"] = i % 3 == 0,
                ["smtp"] = i % 3 == 0
                    ? new JsonObject
                    {
                        ["email_nadawcy"] = $"poczta@{tenant}.pl",
                        ["serwer"] = $"smtp.{tenant}.pl",
                        ["port"] = 465,
                        ["szyfrowanie"] = "SSL",
                        ["login"] = $"poczta@{tenant}.pl",
                        ["haslo"] = $"haslo-{i}-{Guid.NewGuid():N}",
                        ["zaawansowane"] = new JsonObject { ["helo"] = null, ["timeout"] = 30, ["weryfikuj_certyfikat"] = true, ["metoda_auth"] = "AUTO" },
                    }
                    : null,
                ["zmieniono"] = "2023-03-01T10:00:00Z",
                ["zmienil"] = "jan.kowalski",
            };
            lines.Append(line.ToJsonString(JsonSerializerOptions.Default)).Append('\n');
        }

        return lines.ToString();
    }

    private static double RssMegabytes(ServiceUnderTest service)
    {
        var line = service.Status("VmRSS").First();
        return Math.Round(double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture) / 1024, 1);
    }
}
