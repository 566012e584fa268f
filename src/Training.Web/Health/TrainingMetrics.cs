using System.Diagnostics.Metrics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Notifications;

namespace Training.Web.Health;

/// <summary>
/// The numbers an operator watches, read when Prometheus scrapes: emails waiting and failed in the outbox, and
/// background jobs failed or waiting. Read at most every 15 seconds, however often the scraper asks.
/// </summary>
public sealed class TrainingMetrics
{
    public const string MeterName = "Training";
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(15);

    private readonly IServiceScopeFactory _scopes;
    private readonly JobStorage _jobs;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private Snapshot? _last;

    public TrainingMetrics(IMeterFactory meters, IServiceScopeFactory scopes, JobStorage jobs, TimeProvider time)
    {
        (_scopes, _jobs, _time) = (scopes, jobs, time);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("training.outbox.backlog", () => Read().OutboxBacklog, "{email}",
            "Emails waiting in the outbox (pending or being sent)");
        meter.CreateObservableGauge("training.outbox.failed", () => Read().OutboxFailed, "{email}",
            "Emails that failed for good and wait for a coordinator");
        meter.CreateObservableGauge("training.jobs.failed", () => Read().JobsFailed, "{job}",
            "Background jobs in Hangfire's failed list");
        meter.CreateObservableGauge("training.jobs.enqueued", () => Read().JobsEnqueued, "{job}",
            "Background jobs waiting for a worker");
    }

    public sealed record Snapshot(DateTimeOffset At, long OutboxBacklog, long OutboxFailed, long JobsFailed, long JobsEnqueued);

    /// <summary>The figures as the gauges report them (cached for 15 seconds).</summary>
    public Snapshot Read()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_last is not null && now - _last.At < Freshness) return _last;
            using var scope = _scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
            var outbox = db.OutboundEmails.GroupBy(e => e.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToList();
            var statistics = _jobs.GetMonitoringApi().GetStatistics();
            return _last = new Snapshot(now,
                outbox.Where(o => o.Key is EmailStatus.Pending or EmailStatus.Sending or EmailStatus.Preparing).Sum(o => o.Count),
                outbox.Where(o => o.Key == EmailStatus.Failed).Sum(o => o.Count),
                statistics.Failed, statistics.Enqueued);
        }
    }
}
