using Desktomy.Email.Api.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Desktomy.Email.Api.Http;

/// <summary>The title and introduction of the OpenAPI document (and so of the API reference page at /scalar).</summary>
public sealed class ApiIntroduction(IHostEnvironment environment, DevelopmentTokens tokens) : IOpenApiDocumentTransformer
{
    public const string Title = "Desktomy.Email API";

    private const string About = """
        How every tenant of the DESKTOMY virtual-office platform sends e-mail: the tenant's **primary e-mail** (where
        notifications go, and the Reply-To of platform mail), the **sender name**, and optionally the tenant's **own SMTP
        server**, verified before it is saved. Every change is an event: history, diff, time travel (`?asOf=`,
        `?version=`) and rollback come with it. Mail to the tenant's clients and notifications to the tenant are queued
        and delivered in the background; each delivery can be followed.

        **Calling it.** Every route except `/health/*` and this document takes a JWT bearer token with the claims `sub`
        (the actor recorded in the audit trail), `role` (`tenant-admin`, `auditor`, `support`, `sender`) and, for
        `tenant-admin` and `sender`, exactly one `tenant_id`. Errors are RFC 9457 `application/problem+json`; a 403 says
        whether the role or the tenant is wrong. Changes take `If-Match` with the ETag of the view you changed.
        Every response carries `X-Correlation-Id`: yours when it matches `[A-Za-z0-9._:-]{1,128}`, else one we made.
        """;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = Title;
        document.Info.Description = environment.IsDevelopment() ? $"{About}\n\n{DevelopmentSection()}" : About;
        return Task.CompletedTask;
    }

    private string DevelopmentSection() => $"""
        **Development tokens** (12 h, for the tenant `{DevelopmentBanner.DemoTenant}`; paste one under Authentication → Bearer):

        - tenant-admin: `{tokens.Issue("dev-admin", [Roles.TenantAdmin], DevelopmentBanner.DemoTenant)}`
        - support: `{tokens.Issue("dev-support", [Roles.Support], null)}`
        - auditor: `{tokens.Issue("dev-auditor", [Roles.Auditor], null)}`
        """;
}
