using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>
/// The service on a <see cref="SettableClock"/>: the time its use cases stamp on events is the test's to set. A factory
/// of its own, so that the other tests (and the mail queue they drive) keep the real clock.
/// </summary>
public sealed class ClockedApiFactory : ApiFactory
{
    public SettableClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }
}
