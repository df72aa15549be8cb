using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.StoredEvents;

/// <summary>The service on a schema of its own: fixture streams keep their stored tenant and stream ids, which must not meet another test's.</summary>
public sealed class StoredEventsFactory : ApiFactory;

[CollectionDefinition(Name)]
public sealed class StoredEventsGroup : ICollectionFixture<StoredEventsFactory>
{
    public const string Name = "stored-events";
}
