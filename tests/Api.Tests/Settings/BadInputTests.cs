using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Settings;

/// <summary>
/// Bad input to a settings command is a 4xx problem that names what to correct, never a 500, and appends nothing.
/// </summary>
public sealed class BadInputTests(ApiFactory factory) : ApiTest(factory)
{
    /// <summary>Stands for the plain test server's port, which is only known at run time.</summary>
    private const int PlainServerPort = 2525;

    private const string NoContentType = "(none)";

    private const string ValidSmtpForm = """
        {"senderEmail":"poczta@acme.pl","host":"127.0.0.1","port":2525,"security":"None","username":null,"password":null,
         "advanced":{"heloName":"app.acme.pl","timeoutSeconds":5,"verifyCertificate":false,"authMechanism":"Auto"}}
        """;

    private static readonly string[] CommandRoutes = ["PUT /primary-email", "PUT /sender-name", "PUT /smtp", "DELETE /smtp", "POST /smtp/test"];

    private static readonly string[] SmtpRoutes = ["PUT /smtp", "POST /smtp/test"];

    public static TheoryData<string, string> BadPrimaryEmails => new()
    {
        { Field("primaryEmail", Str("biuro.acme.pl")), "primaryEmail" },
        { Field("primaryEmail", Str("biuro@")), "primaryEmail" },
        { Field("primaryEmail", Str("@acme.pl")), "primaryEmail" },
        { Field("primaryEmail", Str("biuro@localhost")), "primaryEmail" },
        { Field("primaryEmail", Str("biuro@acme.pl\r\nBcc: ofiara@example.com")), "primaryEmail" },
        { Field("primaryEmail", Str("biuro\n@acme.pl")), "primaryEmail" },
        { Field("primaryEmail", Str("biuro@acme.pl\0")), "primaryEmail" },
        { Field("primaryEmail", Str("biuro @acme.pl")), "primaryEmail" },
        { Field("primaryEmail", Str("biuro@ac me.pl")), "primaryEmail" },
        { Field("primaryEmail", Str($"{new string('b', 65)}@acme.pl")), "primaryEmail" },
        { Field("primaryEmail", Str($"{new string('b', 64)}@{new string('d', 63)}.{new string('d', 63)}.{new string('d', 59)}.pl")), "primaryEmail" },
        { Field("primaryEmail", Str("biuro..sekretariat@acme.pl")), "primaryEmail" },
        { Field("primaryEmail", Str(".biuro@acme.pl")), "primaryEmail" },
        { Field("primaryEmail", Str("biuro@acme..pl")), "primaryEmail" },
        { Field("primaryEmail", Str("\"biuro\"@acme.pl")), "primaryEmail" },
        { Field("primaryEmail", Str("\"biuro acme\"@acme.pl")), "primaryEmail" },
        { Field("primaryEmail", Str("biuro@sekretariat@acme.pl")), "primaryEmail" },
        { Field("primaryEmail", Str("biuro@-acme.pl")), "primaryEmail" },
        { Field("primaryEmail", Str("biuro@ac_me.pl")), "primaryEmail" },
        { Field("primaryEmail", Str("biuro@acme.123")), "primaryEmail" },
        { Field("primaryEmail", Str("")), "primaryEmail" },
        { Field("primaryEmail", Str("   ")), "primaryEmail" },
        { Field("primaryEmail", "null"), "primaryEmail" },
        { Field("primaryEmail", "42"), "primaryEmail" },
        { Field("primaryEmail", "true"), "primaryEmail" },
        { Field("primaryEmail", """{"address":"biuro@acme.pl"}"""), "primaryEmail" },
        { Field("primaryEmail", """["biuro@acme.pl"]"""), "primaryEmail" },
        { "{}", "primaryEmail" },
        { """{"primaryEmail":"biuro@acme.pl","replyTo":"x@acme.pl"}""", "replyTo" },
        { """{"primary_email":"biuro@acme.pl"}""", "primary_email" },
    };

    public static TheoryData<string, string> BadSenderNames => new()
    {
        { Field("senderName", Str(new string('n', 129))), "senderName" },
        { Field("senderName", Str("Biuro\nAcme")), "senderName" },
        { Field("senderName", Str("Biuro\rAcme")), "senderName" },
        { Field("senderName", Str("Biuro\r\nBcc: ofiara@example.com")), "senderName" },
        { Field("senderName", Str("Biuro\0Acme")), "senderName" },
        { Field("senderName", Str("Biuro\u2028Acme")), "senderName" },
        { Field("senderName", Str("Biuro\u2029Acme")), "senderName" },
        { Field("senderName", Str("Biuro\u0007Acme")), "senderName" },
        { Field("senderName", Str("Biuro\tAcme")), "senderName" },
        { Field("senderName", Str("Biuro\u007FAcme")), "senderName" },
        { Field("senderName", "true"), "senderName" },
        { Field("senderName", "12"), "senderName" },
        { Field("senderName", """{"name":"Acme"}"""), "senderName" },
        { """{"senderName":"Acme","displayName":"Acme"}""", "displayName" },
        { """{"senderName":"Acme","senderName":"Evil"}""", "senderName" },
    };

    public static TheoryData<string, string, string> BadSmtpForms
    {
        get
        {
            var forms = new TheoryData<string, string>
            {
                { Form(("senderEmail", Str("poczta.acme.pl"))), "senderEmail" },
                { Form(("senderEmail", Str("poczta@acme.pl\r\nBcc: ofiara@example.com"))), "senderEmail" },
                { Form(("senderEmail", "5")), "senderEmail" },
                { Form(("senderEmail", null)), "senderEmail" },
                { Form(("host", Str(""))), "host" },
                { Form(("host", Str("smtp acme.pl"))), "host" },
                { Form(("host", Str("2130706433"))), "host" },
                { Form(("host", Str("0x7f.1"))), "host" },
                { Form(("host", Str("127.1"))), "host" },
                { Form(("host", Str("-bad.example.com"))), "host" },
                { Form(("host", Str($"{new string('a', 64)}.example.com"))), "host" },
                { Form(("host", Str("exa_mple.com"))), "host" },
                { Form(("host", Str("smtp.acme.pl\r\n"))), "host" },
                { Form(("host", """{"name":"smtp.acme.pl"}""")), "host" },
                { Form(("host", null)), "host" },
                { Form(("port", "0")), "port" },
                { Form(("port", "-1")), "port" },
                { Form(("port", "65536")), "port" },
                { Form(("port", "1e10")), "port" },
                { Form(("port", "25.5")), "port" },
                { Form(("port", Str("25"))), "port" },
                { Form(("port", null)), "port" },
                { Form(("security", Str("TLS"))), "security" },
                { Form(("security", Str("ssl"))), "security" },
                { Form(("security", "0")), "security" },
                { Form(("security", Str("1"))), "security" },
                { Form(("username", Str(new string('u', 257))), ("password", Str(SmtpServers.Password))), "username" },
                { Form(("username", Str("poczta@acme.pl\r\nRCPT TO:<x@example.com>")), ("password", Str(SmtpServers.Password))), "username" },
                { Form(("username", Str("poczta@acme.pl")), ("password", Str("pass\0word"))), "password" },
                { Form(("username", Str("poczta@acme.pl")), ("password", Str(new string('p', 257)))), "password" },
                { Form(("advanced.timeoutSeconds", "0")), "advanced.timeoutSeconds" },
                { Form(("advanced.timeoutSeconds", "301")), "advanced.timeoutSeconds" },
                { Form(("advanced.timeoutSeconds", "-5")), "advanced.timeoutSeconds" },
                { Form(("advanced.timeoutSeconds", Str("30"))), "advanced.timeoutSeconds" },
                { Form(("advanced.heloName", Str("bad helo"))), "advanced.heloName" },
                { Form(("advanced.heloName", Str("\r\nMAIL FROM:<x@example.com>"))), "advanced.heloName" },
                { Form(("advanced.authMechanism", Str("XOAUTH2"))), "advanced.authMechanism" },
                { Form(("advanced.authMechanism", "1")), "advanced.authMechanism" },
                { Form(("advanced.verifyCertificate", Str("yes"))), "advanced.verifyCertificate" },
                { Form(("advanced", Str("default"))), "advanced" },
                { Form(("tls", "true")), "tls" },
                { Form(("advanced.retries", "3")), "advanced.retries" },
            };
            var cases = new TheoryData<string, string, string>();
            foreach (var route in SmtpRoutes)
            {
                foreach (var form in forms)
                {
                    cases.Add(route, (string)form[0], (string)form[1]);
                }
            }

            return cases;
        }
    }

    public static TheoryData<string, string> BodiesThatAreNotJsonObjects
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var route in new[] { "PUT /primary-email", "PUT /sender-name", "PUT /smtp", "POST /smtp/test" })
            {
                foreach (var body in new[] { "{", "not json", "[]", "[{}]", "\"text\"", "42", "{}{}", "{/* comment */}", "{'a':1}" })
                {
                    cases.Add(route, body);
                }
            }

            return cases;
        }
    }

    /// <summary>Malformed JSON is a problem of the whole body, wherever the document was cut off.</summary>
    public static TheoryData<string, string> TruncatedBodies => new()
    {
        { "PUT /primary-email", "{\"primaryEmail\":\"biuro@ac" },
        { "PUT /primary-email", "{\"primaryEmail\":\"biuro@acme.pl\"" },
        { "PUT /sender-name", "{\"senderName\":" },
        { "PUT /smtp", "{\"senderEmail\":\"poczta@acme.pl\",\"host\":" },
        { "POST /smtp/test", "{\"senderEmail\":\"poczta@acme.pl\",\"advanced\":{\"timeoutSeconds\":5" },
    };

    public static TheoryData<string, string> MissingBodies => new()
    {
        { "PUT /primary-email", "" },
        { "PUT /primary-email", "null" },
        { "PUT /sender-name", "" },
        { "PUT /sender-name", "null" },
        { "PUT /smtp", "" },
        { "PUT /smtp", "null" },
    };

    public static TheoryData<string, string> NonJsonContentTypes
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var route in new[] { "PUT /primary-email", "PUT /sender-name", "PUT /smtp", "POST /smtp/test" })
            {
                foreach (var contentType in new[] { "text/plain", "application/x-www-form-urlencoded", "application/xml", NoContentType })
                {
                    cases.Add(route, contentType);
                }
            }

            return cases;
        }
    }

    public static TheoryData<string, string> MalformedIfMatch => Cross(CommandRoutes, ["abc", "\"x\"", "\"-1\"", "\"1.5\"", "\"2\", \"3\""]);

    public static TheoryData<string, string> MalformedTenantIds =>
        Cross(CommandRoutes, ["a", "Acme", "acme_pl", "acme.pl", new string('a', 64), "zażółć"]);

    [Theory]
    [MemberData(nameof(BadPrimaryEmails))]
    public async Task a_bad_primary_email_creates_no_settings(string body, string errorKey)
    {
        var tenant = NewTenant();
        var admin = Admin(tenant);

        var reply = await SendRawAsync(admin, "PUT /primary-email", tenant, body);

        AssertProblem(reply, 400, errorKey);
        Assert.Equal(0, await EventCountAsync(tenant));
        Assert.Equal(404, (await admin.GetAsync(Settings(tenant))).Status);
    }

    [Theory]
    [MemberData(nameof(BadPrimaryEmails))]
    public async Task a_bad_primary_email_leaves_existing_settings_untouched(string body, string errorKey)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await SendRawAsync(Admin(tenant), "PUT /primary-email", tenant, body);

        AssertProblem(reply, 400, errorKey);
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Theory]
    [MemberData(nameof(BadSenderNames))]
    public async Task a_bad_sender_name_is_rejected(string body, string errorKey)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await SendRawAsync(Admin(tenant), "PUT /sender-name", tenant, body);

        AssertProblem(reply, 400, errorKey);
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Theory]
    [MemberData(nameof(BadSmtpForms))]
    public async Task a_bad_smtp_form_is_rejected_before_any_server_is_contacted(string route, string body, string errorKey)
    {
        var tenant = await ConfiguredTenantAsync();
        var connectionsBefore = Smtp.Plain.ConnectionCount;

        var reply = await SendRawAsync(Admin(tenant), route, tenant, WithPlainServerPort(body));

        AssertProblem(reply, 400, errorKey);
        Assert.Equal(2, await EventCountAsync(tenant));
        Assert.Equal(connectionsBefore, Smtp.Plain.ConnectionCount);
    }

    [Theory]
    [InlineData("PUT /smtp")]
    [InlineData("POST /smtp/test")]
    public async Task the_form_the_bad_smtp_forms_start_from_is_accepted(string route)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await SendRawAsync(Admin(tenant), route, tenant, WithPlainServerPort(ValidSmtpForm));

        Assert.True(reply.Status == 200, reply.ToString());
    }

    [Theory]
    [MemberData(nameof(BodiesThatAreNotJsonObjects))]
    public async Task a_body_that_is_not_a_json_object_is_rejected(string route, string body)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await SendRawAsync(Admin(tenant), route, tenant, body);

        AssertProblem(reply, 400, "$");
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Theory]
    [MemberData(nameof(TruncatedBodies))]
    public async Task a_truncated_body_is_rejected(string route, string body)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await SendRawAsync(Admin(tenant), route, tenant, body);

        AssertProblem(reply, 400, "$");
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Theory]
    [MemberData(nameof(MissingBodies))]
    public async Task a_missing_body_is_a_validation_problem_of_the_whole_body(string route, string body)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await SendRawAsync(Admin(tenant), route, tenant, body);

        AssertProblem(reply, 400, "$");
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Theory]
    [MemberData(nameof(NonJsonContentTypes))]
    public async Task a_body_that_is_not_declared_json_is_an_unsupported_media_type(string route, string contentType)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await SendRawAsync(Admin(tenant), route, tenant, ValidBodyOf(route), contentType);

        AssertProblem(reply, 415, errorKey: null);
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Theory]
    [MemberData(nameof(MalformedIfMatch))]
    public async Task a_malformed_if_match_is_rejected(string route, string ifMatch)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await SendRawAsync(Admin(tenant), route, tenant, ValidBodyOf(route), ifMatch: ifMatch);

        AssertProblem(reply, 400, "If-Match");
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Theory]
    [MemberData(nameof(MalformedTenantIds))]
    public async Task a_malformed_tenant_id_in_the_route_matches_nothing(string route, string tenant)
    {
        var reply = await SendRawAsync(Admin(tenant), route, tenant, ValidBodyOf(route));

        AssertProblem(reply, 404, errorKey: null);
    }

    [Theory]
    [InlineData("PUT /sender-name")]
    [InlineData("PUT /primary-email")]
    [InlineData("PUT /smtp")]
    public async Task a_huge_body_is_rejected(string route)
    {
        var tenant = await ConfiguredTenantAsync();
        var field = route switch { "PUT /sender-name" => "senderName", "PUT /primary-email" => "primaryEmail", _ => "host" };
        var huge = new string('x', 2 * 1024 * 1024);
        var body = route == "PUT /smtp" ? Form((field, Str(huge))) : Field(field, Str(huge));

        var reply = await SendRawAsync(Admin(tenant), route, tenant, body);

        AssertProblem(reply, 400, field);
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    private static void AssertProblem(Reply reply, int status, string? errorKey)
    {
        Assert.True(reply.Status == status, $"expected {status}, got {Shortened(reply)}");
        Assert.Equal("application/problem+json", reply.ContentType);
        if (errorKey is not null)
        {
            Assert.True(reply.As<ProblemView>().Errors?.ContainsKey(errorKey) == true, $"expected errors.{errorKey}, got {Shortened(reply)}");
        }
    }

    private static string Shortened(Reply reply) => reply.ToString() is { Length: > 2000 } text ? text[..2000] : reply.ToString();

    private static async Task<Reply> SendRawAsync(
        ApiClient client, string route, string tenant, string? body, string contentType = "application/json", string? ifMatch = null)
    {
        var (method, suffix) = route.Split(' ') is [var m, var s] ? (m, s) : (route, string.Empty);
        using var content = body is null ? null : new StringContent(body, Encoding.UTF8, contentType == NoContentType ? "application/json" : contentType);
        if (contentType == NoContentType && content is not null)
        {
            content.Headers.ContentType = null;
        }

        return await client.SendAsync(new HttpMethod(method), $"{Settings(tenant)}{suffix}", content, ifMatch);
    }

    private static string? ValidBodyOf(string route) => route switch
    {
        "PUT /primary-email" => """{"primaryEmail":"nowy@acme.pl"}""",
        "PUT /sender-name" => """{"senderName":"Nowa nazwa"}""",
        "PUT /smtp" or "POST /smtp/test" => ValidSmtpForm,
        _ => null,
    };

    private string WithPlainServerPort(string body) =>
        body.Replace($"\"port\":{PlainServerPort}", $"\"port\":{Smtp.Plain.Port.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal);

    private static string Str(string value) => JsonSerializer.Serialize(value);

    private static string Field(string name, string rawValue) => $"{{{Str(name)}:{rawValue}}}";

    /// <summary>The valid form with each (JSON path, raw JSON value) applied; a null value removes the member.</summary>
    private static string Form(params (string Path, string? RawValue)[] changes)
    {
        var form = JsonNode.Parse(ValidSmtpForm)!.AsObject();
        foreach (var (path, rawValue) in changes)
        {
            var segments = path.Split('.');
            var parent = segments[..^1].Aggregate(form, (node, name) => node[name]!.AsObject());
            if (rawValue is null)
            {
                parent.Remove(segments[^1]);
            }
            else
            {
                parent[segments[^1]] = JsonNode.Parse(rawValue);
            }
        }

        return form.ToJsonString();
    }

    private static TheoryData<string, string> Cross(string[] routes, string[] values)
    {
        var cases = new TheoryData<string, string>();
        foreach (var route in routes)
        {
            foreach (var value in values)
            {
                cases.Add(route, value);
            }
        }

        return cases;
    }
}
