namespace Desktomy.Email.Api.Http;

/// <summary>What the OpenAPI document says of a route beyond its shape: summary, who may call it, which problems it answers.</summary>
public static class OpenApiDocs
{
    public static RouteHandlerBuilder Documented<TResponse>(this RouteHandlerBuilder route, string summary, string roles, int status, params int[] problems)
    {
        route.WithSummary(summary)
            .WithDescription($"Roles: {roles}. Errors are RFC 9457 problem+json.")
            .Produces<TResponse>(status)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        foreach (var problem in problems)
        {
            if (problem == StatusCodes.Status400BadRequest)
            {
                route.ProducesValidationProblem();
            }
            else
            {
                route.ProducesProblem(problem);
            }
        }

        return route;
    }
}
