using System.Net;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Application.Mail.Queue;
using Desktomy.Email.Application.Mail.Sending;
using Desktomy.Email.Application.Persistence;
using Desktomy.Email.Application.Secrets;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Application.Smtp.OAuth2;
using FluentValidation;
using JasperFx;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Desktomy.Email.Application;

public static class DependencyInjection
{
    /// <param name="applySchemaChanges">
    /// Create or update the database schema at start-up (development, tests). In production the schema is applied by
    /// the command line (`db-apply`, `resources setup`) and the service only checks it (`/health/ready`).
    /// </param>
    public static IServiceCollection AddEmailApplication(this IServiceCollection services, IConfiguration configuration, bool applySchemaChanges)
    {
        var connectionString = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set: give the Npgsql connection string of the service's database.");
        var schema = configuration["Postgres:Schema"] ?? MartenSetup.DefaultSchema;
        var marten = services.AddMarten(options => MartenSetup.Configure(options, connectionString, schema, applySchemaChanges ? AutoCreate.CreateOrUpdate : AutoCreate.None));
        if (applySchemaChanges)
        {
            marten.ApplyAllDatabaseChangesOnStartup();
        }

        services.AddOptions<PlatformMailOptions>().Bind(configuration.GetSection(PlatformMailOptions.Section));
        services.AddOptions<MailDeliveryOptions>()
            .Bind(configuration.GetSection(MailDeliveryOptions.Section))
            .Validate(o => o.ParallelSends is >= 1 and <= 500, "Mail:Delivery:ParallelSends must be between 1 and 500.")
            .Validate(o => o.ClaimBatchSize is >= 1 and <= 1000, "Mail:Delivery:ClaimBatchSize must be between 1 and 1000.")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.ClaimLease > TimeSpan.Zero, "Mail:Delivery:PollInterval and ClaimLease must be positive times (e.g. 00:00:01).")
            .Validate(o => o.ClaimLinger >= TimeSpan.Zero && o.ClaimLinger < o.PollInterval, "Mail:Delivery:ClaimLinger must be at least zero and shorter than PollInterval (e.g. 00:00:00.010).")
            .ValidateOnStart();
        services.AddOptions<SecretsOptions>()
            .Bind(configuration.GetSection(SecretsOptions.Section))
            .Validate(o => SecretsOptions.IsValidMasterKey(o.MasterKey), "Secrets:MasterKey must be the base64 of 32 random bytes (e.g. `head -c32 /dev/urandom | base64`).")
            .Validate(o => o.PreviousMasterKeys.All(SecretsOptions.IsValidMasterKey), "Each of Secrets:PreviousMasterKeys must be the base64 of 32 bytes.")
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<MasterKeyRing>();
        services.AddSingleton<PasswordVault>();
        services.AddSingleton<MasterKeyRotation>();
        services.AddOptions<SmtpNetworkOptions>()
            .Bind(configuration.GetSection(SmtpNetworkOptions.Section))
            .Validate(o => o.AllowedNetworks.All(n => IPNetwork.TryParse(n, out _)), "Mail:AllowedNetworks must hold CIDRs like 10.20.0.0/16.")
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<TenantAllowance>();
        services.AddSingleton<SmtpHostGuard>();
        services.AddOAuth2Tokens(configuration);
        services.AddSingleton<SmtpConnector>();
        services.AddSingleton<SmtpVerifier>();
        services.AddSingleton<SmtpClientPool>();
        services.AddSingleton<MailSender>();
        services.AddSingleton<MailHandOff>();
        services.AddSingleton<MailQueueRows>();
        services.AddSingleton<MailQueueSignal>();
        services.AddSingleton<MailAttempt>();
        services.AddHostedService<MailQueueWorker>();
        services.AddSingleton<SettingsCache>();
        services.AddSingleton<SettingsViews>();
        services.AddScoped<SettingsWriter>();
        services.AddSingleton<Settings.Import.SettingsImport>();

        // Singletons: a validator is stateless once built, and building one (its rules' expression trees) cost more per request than the validation.
        services.AddValidatorsFromAssemblyContaining<SettingsWriter>(ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
        });
        return services;
    }
}
