namespace Desktomy.Email.Application.Common;

/// <summary>An actor outside an HTTP request (a tool, a test set-up, a batch job), named explicitly.</summary>
public sealed record FixedActor(string ActorId, string CorrelationId) : IActorContext;
