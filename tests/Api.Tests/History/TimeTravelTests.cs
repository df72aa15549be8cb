using System.Globalization;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.History;

public sealed class TimeTravelTests(ClockedApiFactory factory) : ApiTest(factory), IClassFixture<ClockedApiFactory>
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private SettableClock Clock => factory.Clock;

    [Fact]
    public async Task a_version_shows_the_view_as_it_was_then()
    {
        var tenant = await ConfiguredTenantAsync();
        Assert.Equal(200, (await Admin(tenant).PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Nowa Nazwa" })).Status);

        var reply = await As(Identity.Support).GetAsync($"{Settings(tenant)}?version=2");

        Assert.Equal(200, reply.Status);
        Assert.Equal("\"2\"", reply.ETag);
        var view = reply.As<SettingsView>();
        Assert.Equal(2, view.Version);
        Assert.Equal("Biuro Acme", view.SenderName);
        Assert.Equal("Biuro Acme <automat@desktomy.pl>", view.Effective.From);
    }

    [Fact]
    public async Task a_change_is_stamped_with_the_instant_it_was_made()
    {
        var tenant = NewTenant();
        var madeAt = Clock.GetUtcNow();

        var first = await SetPrimaryEmailAsync(tenant, "biuro@acme.pl");
        Clock.Advance(TimeSpan.FromMinutes(3));
        var second = await SetPrimaryEmailAsync(tenant, "nowy@acme.pl");

        Assert.Equal(madeAt, first.UpdatedAt);
        Assert.Equal(madeAt + TimeSpan.FromMinutes(3), second.UpdatedAt);
        var history = (await Admin(tenant).GetAsync($"{Settings(tenant)}/history")).As<HistoryPageView>();
        Assert.Equal([first.UpdatedAt, second.UpdatedAt], history.Items.Select(i => i.OccurredAt));
    }

    [Fact]
    public async Task an_instant_shows_the_view_that_was_current_at_that_instant()
    {
        var tenant = NewTenant();
        var first = await SetPrimaryEmailAsync(tenant, "biuro@acme.pl");
        Clock.Advance(TimeSpan.FromMinutes(10));
        await SetPrimaryEmailAsync(tenant, "nowy@acme.pl");

        var between = await AsOfAsync(tenant, first.UpdatedAt + TimeSpan.FromMinutes(5));

        Assert.Equal(200, between.Status);
        var view = between.As<SettingsView>();
        Assert.Equal(1, view.Version);
        Assert.Equal("biuro@acme.pl", view.PrimaryEmail);
    }

    [Fact]
    public async Task a_version_is_current_from_exactly_its_updated_at()
    {
        var tenant = NewTenant();
        await SetPrimaryEmailAsync(tenant, "biuro@acme.pl");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await SetPrimaryEmailAsync(tenant, "nowy@acme.pl");

        var atIt = await AsOfAsync(tenant, second.UpdatedAt);
        var justBefore = await AsOfAsync(tenant, second.UpdatedAt - OneTick);

        Assert.Equal(2, atIt.Version);
        Assert.Equal("nowy@acme.pl", atIt.As<SettingsView>().PrimaryEmail);
        Assert.Equal(1, justBefore.Version);
        Assert.Equal("biuro@acme.pl", justBefore.As<SettingsView>().PrimaryEmail);
    }

    [Fact]
    public async Task an_instant_before_the_settings_existed_is_not_found()
    {
        var tenant = NewTenant();
        var first = await SetPrimaryEmailAsync(tenant, "biuro@acme.pl");

        var justBefore = await AsOfAsync(tenant, first.UpdatedAt - OneTick);
        var atIt = await AsOfAsync(tenant, first.UpdatedAt);

        Assert.Equal(404, justBefore.Status);
        Assert.Equal("application/problem+json", justBefore.ContentType);
        Assert.Equal(200, atIt.Status);
        Assert.Equal(1, atIt.Version);
    }

    [Theory]
    [InlineData("version=3", "version")]
    [InlineData("version=0", "version")]
    [InlineData("version=-1", "version")]
    [InlineData("version=abc", "version")]
    [InlineData("asOf=yesterday", "asOf")]
    [InlineData("version=1&asOf=2026-01-01T00:00:00Z", "asOf")]
    public async Task an_impossible_point_in_time_is_rejected(string query, string field)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).GetAsync($"{Settings(tenant)}?{query}");

        Assert.Equal(400, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType);
        Assert.NotEmpty(reply.As<ProblemView>().ErrorsFor(field));
    }

    [Fact]
    public async Task a_version_of_a_tenant_without_settings_is_not_found()
    {
        var tenant = NewTenant();

        Assert.Equal(404, (await Admin(tenant).GetAsync($"{Settings(tenant)}?version=1")).Status);
    }

    private async Task<SettingsView> SetPrimaryEmailAsync(string tenant, string primaryEmail)
    {
        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/primary-email", new { primaryEmail });
        Assert.True(reply.Status is 200 or 201, reply.ToString());
        return reply.As<SettingsView>();
    }

    private Task<Reply> AsOfAsync(string tenant, DateTimeOffset instant) =>
        Admin(tenant).GetAsync($"{Settings(tenant)}?asOf={Uri.EscapeDataString(instant.ToString("O", CultureInfo.InvariantCulture))}");
}
