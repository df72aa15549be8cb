using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Settings;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Api.Tests.History;

/// <summary>
/// Random command sequences through the real API. After each sequence: the history has one item per version; the view
/// at every version equals Marten's own aggregation of the first N events; a rollback to N restores version N; and
/// diff(A, B) names exactly the fields whose values differ (oracle: the settings record serialized field by field).
/// </summary>
public sealed class SettingsHistoryProperties(ApiFactory factory) : ApiTest(factory)
{
    private static readonly string[] Emails = ["a@acme.pl", "b@acme.pl", "c@acme.pl"];
    private static readonly string?[] Names = [null, "Acme", "Biuro Acme"];

    private enum Kind
    {
        PrimaryEmail,
        SenderName,
        PlainSmtp,
        AuthenticatedSmtp,
        DisableSmtp,
        RollBack,
    }

    private sealed record Step(Kind Kind, int Pick)
    {
        public override string ToString() => $"{Kind}({Pick})";
    }

    [Fact]
    public async Task history_time_travel_rollback_and_diff_agree_with_the_event_stream()
    {
        var steps = Gen.Select(Gen.Enum<Kind>(), Gen.Int[0, 99], (kind, pick) => new Step(kind, pick)).Array[1, 10];

        await steps.SampleAsync(RunAndCheckAsync, iter: 12, threads: 1);
    }

    private async Task RunAndCheckAsync(Step[] steps)
    {
        var tenant = NewTenant();
        var admin = Admin(tenant);
        var support = As(Identity.Support);
        Assert.Equal(201, (await admin.PutAsync($"{Settings(tenant)}/primary-email", new { primaryEmail = Emails[0] })).Status);

        foreach (var step in steps)
        {
            var current = (await admin.GetAsync(Settings(tenant))).Version;
            var reply = step.Kind switch
            {
                Kind.PrimaryEmail => await admin.PutAsync($"{Settings(tenant)}/primary-email", new { primaryEmail = Emails[step.Pick % Emails.Length] }),
                Kind.SenderName => await admin.PutAsync($"{Settings(tenant)}/sender-name", new { senderName = Names[step.Pick % Names.Length] }),
                Kind.PlainSmtp => await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Plain, "None", password: null, username: null, timeoutSeconds: 5 + (step.Pick % 3))),
                Kind.AuthenticatedSmtp => await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect", timeoutSeconds: 5 + (step.Pick % 2))),
                Kind.DisableSmtp => await admin.DeleteAsync($"{Settings(tenant)}/smtp"),
                _ => await support.PostAsync($"{Settings(tenant)}/rollback", new { toVersion = 1 + (step.Pick % current), reason = $"property step {step}" }),
            };
            Assert.True(reply.Status == 200, $"{step}: {reply}");

            if (step.Kind == Kind.RollBack)
            {
                var target = await admin.GetAsync($"{Settings(tenant)}?version={1 + (step.Pick % current)}");
                Assert.Equal(Comparable(target.Json), Comparable(reply.Json));
            }
        }

        await CheckAsync(tenant);
    }

    private async Task CheckAsync(string tenant)
    {
        var auditor = As(Identity.Auditor);
        var version = (await auditor.GetAsync(Settings(tenant))).Version;
        var history = await auditor.GetAsync($"{Settings(tenant)}/history?limit=500");
        Assert.Equal(version, history.Json["items"]!.AsArray().Count);
        Assert.Equal(version, await EventCountAsync(tenant));

        var states = new Dictionary<long, EmailSettings?> { [0] = null };
        // The oracle: the raw event stream folded from scratch, independent of what the writer stored.
        await using var session = Factory.Store.QuerySession(tenant);
        var stream = await session.Events.FetchStreamAsync(tenant);
        Assert.Equal(version, stream.Count);
        EmailSettingsDocument? rebuilt = null;
        for (var n = 1L; n <= version; n++)
        {
            var e = stream[(int)n - 1];
            rebuilt = EmailSettingsDocument.Of(EmailSettings.Evolve(rebuilt?.Settings, e.Data)!, e.Version, e.Data, e.UserName);
            var view = await auditor.GetAsync($"{Settings(tenant)}?version={n}");
            Assert.True(JsonNode.DeepEquals(ViewJson(rebuilt), view.Json), $"version {n}: {view.Body}");
            states[n] = rebuilt.Settings;
        }

        for (var a = 0L; a <= version; a++)
        {
            for (var b = 0L; b <= version; b++)
            {
                var diff = await auditor.GetAsync($"{Settings(tenant)}/diff?from={a}&to={b}");
                var named = diff.Json["changes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).Order();
                Assert.Equal(DifferingFields(states[a], states[b]).Order(), named);
            }
        }
    }

    private JsonNode ViewJson(EmailSettingsDocument document)
    {
        var options = Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var platform = Factory.Services.GetRequiredService<IOptions<PlatformMailOptions>>().Value;
        return JsonSerializer.SerializeToNode(EmailSettingsView.From(document, platform), options)!;
    }

    /// <summary>The view without what a rollback changes by design: its version and who/when.</summary>
    private static string Comparable(JsonNode view)
    {
        var copy = view.DeepClone().AsObject();
        copy.Remove("version");
        copy.Remove("updatedAt");
        copy.Remove("updatedBy");
        return copy.ToJsonString();
    }

    private static IEnumerable<string> DifferingFields(EmailSettings? a, EmailSettings? b)
    {
        var left = Flatten(a);
        var right = Flatten(b);
        return left.Keys.Union(right.Keys)
            .Where(key => left.GetValueOrDefault(key) != right.GetValueOrDefault(key))
            .Select(key => key switch
            {
                "ownSmtpEnabled" => "ownSmtp.enabled",
                "ownSmtp.sealedPassword" => "password",
                _ => key,
            });
    }

    private static Dictionary<string, string?> Flatten(EmailSettings? settings)
    {
        var flat = new Dictionary<string, string?>();
        if (settings is null)
        {
            flat["ownSmtpEnabled"] = "false";
            return flat;
        }

        Walk(JsonSerializer.SerializeToNode(settings, JsonSerializerOptions.Web), string.Empty, flat);
        flat.Remove("tenantId");
        return flat;
    }

    private static void Walk(JsonNode? node, string path, Dictionary<string, string?> flat)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                Walk(child, path.Length == 0 ? key : $"{path}.{key}", flat);
            }

            return;
        }

        if (node is not null)
        {
            flat[path] = node.ToJsonString();
        }
    }
}
