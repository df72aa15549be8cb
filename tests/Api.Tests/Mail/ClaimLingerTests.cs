using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>
/// While mail keeps coming, the worker waits <c>Mail:Delivery:ClaimLinger</c> after a claim that was not full, so that
/// the mails accepted meanwhile share one claim and one completing commit; woken from idle by an accepted mail, it waits
/// as long before it claims (here a long linger, to make it visible, and a poll too slow to wake it instead).
/// </summary>
public sealed class ClaimLingerTests(ClaimLingerTests.LingeringApiFactory factory) : MailTest(factory), IClassFixture<ClaimLingerTests.LingeringApiFactory>
{
    private static readonly object Mail = new { to = new[] { "jan@klient.pl" }, subject = "Faktura", textBody = "W załączniku" };

    [Fact]
    public async Task mails_accepted_while_the_worker_lingers_after_a_claim_are_sent_in_one_commit()
    {
        var tenant = await ConfiguredTenantAsync();
        var first = await SendAndFinishAsync(tenant, Mail);

        // The first mail's claim was not full: the worker waits a second before it claims again.
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await Admin(tenant).PostAsync(Emails(tenant), Mail)).As<QueuedReply>().Id);
        }

        foreach (var id in ids)
        {
            Assert.Equal("Sent", (await FinishedAsync(tenant, id)).Status);
        }

        Assert.Equal("Sent", first.Status);
        Assert.Equal(1, await TransactionsWritingAsync("mail_sent", tenant, [.. ids]));
    }

    [Fact]
    public async Task a_mail_that_wakes_the_idle_worker_is_claimed_with_those_accepted_during_the_linger()
    {
        var tenant = await ConfiguredTenantAsync();
        await SendAndFinishAsync(tenant, Mail);

        // The linger after that claim runs out and the next claim finds nothing: the worker waits for the signal.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await Admin(tenant).PostAsync(Emails(tenant), Mail)).As<QueuedReply>().Id);
        }

        foreach (var id in ids)
        {
            Assert.Equal("Sent", (await FinishedAsync(tenant, id)).Status);
        }

        // Claimed at once, the first mail would have been sent alone, and the other two in a second commit.
        Assert.Equal(1, await TransactionsWritingAsync("mail_sent", tenant, [.. ids]));
    }

    public sealed class LingeringApiFactory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string> SpecialSettings => new Dictionary<string, string>
        {
            ["Mail:Delivery:ClaimLinger"] = "00:00:01",
            ["Mail:Delivery:PollInterval"] = "00:00:30",
        };
    }
}
