using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Microsoft.EntityFrameworkCore;
using Training.Data;

namespace Training.Web.Health;

public class DatabaseHealthCheck(TrainingDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken) && await db.Areas.CountAsync(cancellationToken) >= 0
                ? HealthCheckResult.Healthy("database reachable")
                : HealthCheckResult.Unhealthy("database unreachable");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("database error: " + ex.GetType().Name);
        }
    }
}

public class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var stats = storage.GetMonitoringApi().GetStatistics();
            return Task.FromResult(HealthCheckResult.Healthy($"job storage reachable; {stats.Servers} servers, {stats.Failed} failed jobs"));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("job storage error: " + ex.GetType().Name));
        }
    }
}

public class TemplatesHealthCheck(IOptions<TemplatesOptions> templates) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var email = Path.Combine(templates.Value.Directory, "email");
        var ok = Directory.Exists(Path.Combine(email, "ja")) && Directory.Exists(Path.Combine(email, "en"));
        return Task.FromResult(ok
            ? HealthCheckResult.Healthy("templates folder present")
            : HealthCheckResult.Unhealthy("templates/email/ja or templates/email/en missing"));
    }
}

/// <summary>
/// The folders the app must write to: the data folder (certificates, passes, the SQLite database) and, when mail goes to
/// a pickup folder, that folder. Read-only or full, the app cannot do its work, so it is not ready.
/// </summary>
public class StorageHealthCheck(IOptions<SiteOptions> site, IOptions<EmailOptions> email, IOptions<SmtpOptions> smtp) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var folders = new List<string> { site.Value.DataDirectory };
        if (!smtp.Value.IsConfigured) folders.Add(email.Value.PickupDirectory);
        var problems = folders.Select(Training.Storage.FolderHealth.Problem).OfType<string>().ToList();
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("data and mail folders writable")
            : HealthCheckResult.Unhealthy(string.Join("; ", problems)));
    }
}

public static class HealthEndpoint
{
    public const string Ready = "ready";

    /// <summary>
    /// /health/live: the process answers (a service manager restarts it when not). /health/ready: the database, job
    /// storage and templates are usable (a load balancer sends residents elsewhere when not). /healthz: the same as ready.
    /// </summary>
    public static void MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteJson }).AllowAnonymous();
        app.MapHealthChecks(SiteLinks.HealthCheck, new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteJson }).AllowAnonymous();
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
