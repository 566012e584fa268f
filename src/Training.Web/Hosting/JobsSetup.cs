using Hangfire;
using Hangfire.Dashboard;
using Hangfire.Storage.SQLite;
using Training.Configuration;
using Training.Jobs;
using Training.Staff;

namespace Training.Web.Hosting;

public static class JobsSetup
{
    public static void AddTrainingJobs(this WebApplicationBuilder builder)
    {
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var storagePath = OptionsSetup.Rooted(builder.Environment.ContentRootPath, jobs.StoragePath);
        Directory.CreateDirectory(Path.GetDirectoryName(storagePath)!);

        builder.Services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseSQLiteStorage(storagePath, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(2) }));
        if (jobs.RunServer)
            builder.Services.AddHangfireServer(options =>
            {
                options.WorkerCount = jobs.WorkerCount;
                options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        builder.Services.AddSingleton<RecurringJobs>();
    }

    public static void MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
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
}
