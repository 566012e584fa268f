using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Logging;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Training.Configuration;
using Training.Jobs;
using Training.Staff;

namespace Training.Web.Hosting;

public static class JobsSetup
{
    public static void AddTrainingJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<Recovery>();
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();

        // Storage and activator are owned by this container, registered before AddHangfire (which only
        // adds what is missing). Hangfire's defaults are process-wide statics, which two hosts in one process
        // (tests, or a future multi-tenant host) would share and overwrite.
        builder.Services.AddSingleton<JobStorage>(_ => database.IsPostgreSql ? PostgreSqlJobStorage(database, jobs) : SqliteJobStorage(builder, jobs));
        builder.Services.AddSingleton<JobActivator>(services => new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((services, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(services.GetRequiredService<ILoggerFactory>()))
            .UseStorage(services.GetRequiredService<JobStorage>()));
        if (jobs.RunServer)
            builder.Services.AddHangfireServer(options =>
            {
                options.WorkerCount = jobs.WorkerCount;
                options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        builder.Services.AddSingleton<RecurringJobs>();
    }

    private static JobStorage SqliteJobStorage(WebApplicationBuilder builder, JobsOptions jobs)
    {
        var storagePath = OptionsSetup.Rooted(builder.Environment.ContentRootPath, jobs.StoragePath);
        Directory.CreateDirectory(Path.GetDirectoryName(storagePath)!);
        return new SQLiteStorage(storagePath, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(2) });
    }

    /// <summary>
    /// Every node uses the same PostgreSQL database: Hangfire's queue (FOR UPDATE SKIP LOCKED) hands each job to one
    /// worker on one node, and its distributed locks keep each recurring job to one run.
    /// </summary>
    private static JobStorage PostgreSqlJobStorage(DatabaseOptions database, JobsOptions jobs)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = jobs.PostgreSqlSchema,
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = TimeSpan.FromSeconds(2),
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
        };
        var connectionString = string.IsNullOrWhiteSpace(jobs.ConnectionString) ? database.ConnectionString : jobs.ConnectionString;
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    public static void MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard(SiteLinks.JobsDashboard, new DashboardOptions
            {
                Authorization = [new AdminOnlyDashboardAuthorization()],
                AppPath = "/Staff",
                DashboardTitle = "Training — background jobs",
                DisplayStorageConnectionString = false,
            })
            .RequireAuthorization(StaffSignIn.AdminPolicy);
    }

    /// <summary>Belt and braces behind the endpoint policy: the dashboard checks the role itself too.</summary>
    private sealed class AdminOnlyDashboardAuthorization : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(StaffRoles.Admin);
    }

    /// <summary>
    /// Hangfire's log provider is one static for the process. If the host that set it has been disposed (tests
    /// start and stop many hosts), logging must not take a worker down with ObjectDisposedException.
    /// </summary>
    private sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
    {
        private readonly AspNetCoreLogProvider _inner = new(factory);

        public ILog GetLogger(string name) => new DisposalTolerantLog(() => _inner.GetLogger(name));

        private sealed class DisposalTolerantLog(Func<ILog> create) : ILog
        {
            private ILog? _log;

            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
            {
                try
                {
                    return (_log ??= create()).Log(logLevel, messageFunc, exception);
                }
                catch (ObjectDisposedException)
                {
                    return false;
                }
            }
        }
    }
}
