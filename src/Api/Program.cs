using System.Text.Json;
using System.Text.Json.Serialization;
using Desktomy.Email.Api.Auth;
using Desktomy.Email.Api.Commands;
using Desktomy.Email.Api.AdminConsole;
using Desktomy.Email.Api.Http;
using Desktomy.Email.Api.Import;
using Desktomy.Email.Api.Mail;
using Desktomy.Email.Api.Operations;
using Desktomy.Email.Api.Settings;
using Desktomy.Email.Api.Tenants;
using Desktomy.Email.Application;
using Desktomy.Email.Application.Common;
using JasperFx;
using JasperFx.CommandLine;

if (CommandLine.TryRun(args, Console.Out, Console.Error) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);

var applySchemaChanges = !builder.Environment.IsProduction();
builder.Services.AddEmailApplication(builder.Configuration, applySchemaChanges);
builder.Services.AddEmailAuth(builder.Configuration, builder.Environment);
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<IActorContext, HttpActorContext>();
builder.Services.AddSingleton<DevelopmentTokens>();
if (builder.Environment.IsDevelopment())
{
    builder.Services.AddHostedService<DevelopmentBanner>();
}

builder.Services.AddAdminConsole(builder.Configuration, builder.Environment);
builder.Services.AddEmailHealthChecks();
builder.Services.AddEmailTelemetry(builder.Configuration);
builder.Services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecurityScheme>().AddDocumentTransformer<ApiIntroduction>());
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = problem =>
    problem.HttpContext.Response.Headers[CorrelationIds.Header] = CorrelationIds.Of(problem.HttpContext));
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.Configure<RouteOptions>(o => o.SetParameterPolicy<TenantRouteConstraint>(TenantRouteConstraint.Name));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
    o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
    o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    o.SerializerOptions.AllowDuplicateProperties = false;
    o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
});

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.Use((http, next) =>
{
    http.Response.Headers[CorrelationIds.Header] = CorrelationIds.Of(http);
    return next(http);
});
app.UseTenantLogScope();
app.UseAdminConsole();
app.UseAuthentication();
app.UseAuthorization();
app.MapOpenApi().AllowAnonymous();
app.MapApiReference();

app.MapEmailHealthChecks();
app.MapSettingsEndpoints();
app.MapTenantEndpoints();
app.MapMailEndpoints();
app.MapImportEndpoints();
app.MapAdminConsole();

if (args.Length == 0)
{
    await app.RunAsync();
    return 0;
}

// Framework commands (`db-apply`, `resources setup`, … ; see `help`). JasperFx prints "Searching '…' for commands" for
// each of its assemblies until its one-time extension latch is set: setting it with an empty factory keeps them quiet.
new CommandFactory().ApplyExtensions(new ServiceCollection());
return await app.RunJasperFxCommands(args);

public partial class Program;
