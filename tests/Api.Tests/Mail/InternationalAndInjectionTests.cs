using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Mail;

public sealed class InternationalAndInjectionTests(ApiFactory factory) : MailTest(factory)
{
    private const string EncodedLineBreak = "=?UTF-8?B?SGVsbG8NCkJjYzogeEB5Lno=?=";

    [Fact]
    public async Task a_subject_hiding_a_line_break_in_an_encoded_word_is_refused()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PostAsync(Emails(tenant), new { to = new[] { "jan@klient.pl" }, subject = $"Re: {EncodedLineBreak}", textBody = "x" });

        Assert.Equal(400, reply.Status);
        Assert.Contains("subject", reply.FieldErrors());
    }

    [Fact]
    public async Task a_sender_name_hiding_a_line_break_in_an_encoded_word_is_refused()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/sender-name", new { senderName = EncodedLineBreak });

        Assert.Equal(400, reply.Status);
        Assert.Contains("senderName", reply.FieldErrors());
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task an_international_domain_travels_as_punycode_to_a_server_without_smtputf8()
    {
        var tenant = await ConfiguredTenantAsync();

        var delivery = await SendAndFinishAsync(tenant, new { to = new[] { "jan@żółw.pl" }, subject = "IDN", textBody = "x" });

        Assert.Equal("Sent", delivery.Status);
        var received = await Smtp.Platform.WaitForMessageAsync(m => $"<{m.Message.MessageId}>" == delivery.MessageId, TimeSpan.FromSeconds(10));
        Assert.Equal(["jan@xn--w-uga1v8h.pl"], received.EnvelopeTo);
    }

    [Fact]
    public async Task a_non_ascii_name_before_the_at_fails_at_once_with_an_explanation_when_the_server_lacks_smtputf8()
    {
        var tenant = await ConfiguredTenantAsync();

        var delivery = await SendAndFinishAsync(tenant, new { to = new[] { "żółw@klient.pl" }, subject = "UTF-8", textBody = "x" });

        Assert.Equal(("Failed", 1, "send"), (delivery.Status, delivery.Attempts, delivery.LastError?.Stage));
        Assert.Contains("SMTPUTF8", delivery.LastError!.Message, StringComparison.Ordinal);
    }
}
