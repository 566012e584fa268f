using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Notifications;
using Training.Web.Health;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

public sealed class ObservabilityTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;

    [Fact]
    public async Task Liveness_needs_only_the_process_and_readiness_and_healthz_check_the_database_job_storage_templates_and_folders()
    {
        var client = _app.CreateClient();

        var live = await client.GetAsync("/health/live");
        using var ready = JsonDocument.Parse(await client.GetStringAsync("/health/ready"));
        using var healthz = JsonDocument.Parse(await client.GetStringAsync("/healthz"));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Empty(JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").EnumerateObject());
        foreach (var report in new[] { ready, healthz })
        {
            Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
            Assert.Equal(["database", "jobs", "storage", "templates"], report.RootElement.GetProperty("checks").EnumerateObject().Select(c => c.Name).Order());
            Assert.All(report.RootElement.GetProperty("checks").EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
        }
    }

    [Fact]
    public async Task Readiness_fails_when_the_templates_are_gone_while_liveness_still_answers()
    {
        var templates = Path.Combine(_app.Directory, "templates");
        using var broken = _app.WithWebHostBuilder(b => b.UseSetting("Templates:Directory", templates));
        Directory.CreateDirectory(Path.Combine(templates, "email", "ja"));
        // What the start checks is there (fonts, the certificate layout); the English email templates are not.
        var shipped = Path.Combine(RepositoryPaths.Root, "templates");
        foreach (var file in (string[])["fonts/ipaexm.ttf", "fonts/ipaexg.ttf", "certificates/default.json"])
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(templates, file))!);
            File.Copy(Path.Combine(shipped, file), Path.Combine(templates, file));
        }
        var client = broken.CreateClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Metrics_show_the_outbox_backlog_failed_emails_jobs_and_request_latency_in_Prometheus_text()
    {
        // The gauges count the whole outbox and every failed job: an app of its own.
        using var app = new TrainingApp(new() { ["Observability:MetricsEnabled"] = "true" });
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 7; i++) db.OutboundEmails.Add(Email($"metrics:pending:{i}", EmailStatus.Pending));
            for (var i = 0; i < 2; i++) db.OutboundEmails.Add(Email($"metrics:failed:{i}", EmailStatus.Failed));
            db.OutboundEmails.Add(Email("metrics:sent", EmailStatus.Sent));
            await db.SaveChangesAsync();
        });
        var client = app.CreateClient();
        await client.GetAsync("/Schedule");
        // A request's duration is recorded as it ends: by the time a second request is answered, the first is in.
        await client.GetAsync("/health/live");

        var metrics = await client.GetStringAsync("/metrics");
        var figures = app.Services.GetRequiredService<TrainingMetrics>().Read();

        // Every app in this test process shares one set of meter listeners (they are process-wide), so the text may
        // also carry other test apps' gauges under the same names: the values are read from this app's own gauges.
        Assert.Equal((7, 2, 0), (figures.OutboxBacklog, figures.OutboxFailed, figures.JobsFailed));
        var lines = metrics.Split('\n');
        foreach (var name in new[] { "training_outbox_backlog", "training_outbox_failed", "training_jobs_failed", "training_jobs_enqueued" })
            Assert.Contains(lines, l => l.StartsWith(name + "{", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("http_server_request_duration_seconds_bucket", StringComparison.Ordinal) && l.Contains("http_route=\"Schedule\""));
    }

    private static OutboundEmail Email(string key, EmailStatus status) => new()
    {
        IdempotencyKey = key, ToAddress = "resident@example.jp", ToName = "", Subject = "件名", TextBody = "本文", TemplateName = "test",
        Status = status, CreatedAt = TestClock.UtcNow, NextAttemptAt = TestClock.UtcNow.AddHours(1),
    };
}
