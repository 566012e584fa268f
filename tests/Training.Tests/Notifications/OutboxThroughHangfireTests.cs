using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Training.Jobs;
using Training.Notifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>The wiring: a queued message is sent by a real Hangfire server working from its own SQLite storage.</summary>
public sealed class OutboxThroughHangfireTests : IAsyncLifetime
{
    private readonly LoopbackSmtpServer _smtp = new();
    private TrainingApp _app = null!;

    public async Task InitializeAsync()
    {
        await _smtp.StartAsync();
        var settings = _smtp.Settings;
        settings["Jobs:RunServer"] = "true";
        settings["Jobs:WorkerCount"] = "2";
        _app = new TrainingApp(settings);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Every_recurring_job_is_registered_with_its_configured_schedule_and_time_zone()
    {
        var storage = _app.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();

        var recurring = connection.GetRecurringJobs();

        foreach (var id in RecurringJobs.Ids)
        {
            var job = Assert.Single(recurring, j => j.Id == id);
            Assert.Equal("Asia/Tokyo", job.TimeZoneId);
            Assert.Equal(new Training.Configuration.JobsOptions().Schedules[id], job.Cron);
        }
    }

    [Fact]
    public async Task A_dispatch_job_enqueued_in_Hangfire_delivers_the_queued_message()
    {
        await using (var scope = _app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().QueueAsync(new EmailRequest(
                "test:hangfire", "test-message", "ja", "resident@example.jp", "",
                new TestEmail("職員", "今")));
            scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>().Enqueue<OutboxDispatchJob>(job => job.RunAsync(CancellationToken.None));
        }

        // Waiting for a background worker, not measuring it: the bound only stops a broken run from hanging.
        for (var i = 0; i < 300 && _smtp.Received.IsEmpty; i++) await Task.Delay(100);

        Assert.Equal(["test:hangfire"], _smtp.ReceivedKeys());
    }
}
