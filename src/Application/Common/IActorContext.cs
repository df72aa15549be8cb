namespace Desktomy.Email.Application.Common;

/// <summary>Who is acting and under which correlation id; recorded with every event.</summary>
public interface IActorContext
{
    string ActorId { get; }

    string CorrelationId { get; }
}
