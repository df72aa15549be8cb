using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine;
using Wolverine.Tracking;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>Steps of the mail tests: sending, reading deliveries as typed replies, and watching the mail queue work.</summary>
public abstract class MailTest(ApiFactory factory) : ApiTest(factory)
{
    protected static string Emails(string tenant) => $"/api/v1/tenants/{tenant}/emails";

    protected async Task<DeliveryReply> FinishedAsync(string tenant, string id) =>
        System.Text.Json.JsonSerializer.Deserialize<DeliveryReply>(await FinishedDeliveryAsync(tenant, id), MailReplies.Json)!;

    protected async Task<DeliveryReply> SendAndFinishAsync(string tenant, object mail)
    {
        var accepted = await Admin(tenant).PostAsync(Emails(tenant), mail);
        Assert.Equal(202, accepted.Status);
        return await FinishedAsync(tenant, accepted.As<QueuedReply>().Id);
    }

    /// <summary>
    /// Runs <paramref name="action"/> and waits until the mail queue has handled every message it caused; a message
    /// scheduled for later counts as done once it is scheduled.
    /// </summary>
    protected Task<ITrackedSession> TrackedAsync(Func<Task> action) =>
        Factory.Services.GetRequiredService<IHost>().TrackActivity().Timeout(TimeSpan.FromSeconds(30)).ExecuteAndWaitAsync((IMessageContext _) => action());

    /// <summary>Asks for a delivery to be sent as the queue would, and waits until it is handled.</summary>
    protected Task<ITrackedSession> SendMailAgainAsync(string tenant, string id) =>
        Factory.Services.GetRequiredService<IHost>().TrackActivity().Timeout(TimeSpan.FromSeconds(30))
            .ExecuteAndWaitAsync((IMessageContext bus) => bus.PublishAsync(new SendMail(tenant, id), new DeliveryOptions { TenantId = tenant }));

    protected async Task<IReadOnlyList<object>> DeliveryEventsAsync(string tenant, string id)
    {
        await using var session = Factory.Store.QuerySession(tenant);
        return [.. (await session.Events.FetchStreamAsync(id)).Select(e => e.Data)];
    }
}
