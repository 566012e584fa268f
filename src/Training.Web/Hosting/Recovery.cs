using Training.Attendance;
using Training.Certificates;

namespace Training.Web.Hosting;

/// <summary>
/// Finishes what a stopped process left undone, without waiting for the nightly sweeps: at start, the completions of
/// every course whose attendance changed but was not derived again; then, at once and every 15 seconds, mail and LINE/SMS
/// messages that a dead process on this machine had claimed, bulk prints that nobody is working on any more (claimed first, so one
/// node takes each) and people imports a stopped process left half-written (taken back whole).
/// </summary>
public sealed class Recovery(IServiceScopeFactory scopes, TimeProvider time, ILogger<Recovery> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the start finish first: migrations and the first requests come before catching up.
        await Task.Yield();
        await RunAsync("completions", async services =>
        {
            var changed = await services.GetRequiredService<CompletionService>().DeriveStaleAsync(stoppingToken);
            if (changed > 0) logger.LogWarning("Derived {Count} completions that a stopped process had left undone", changed);
        }, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            // First thing at start, then every interval: mail a dead process on this machine was sending goes again now.
            await RunAsync("mail claims", async services =>
            {
                var taken = await services.GetRequiredService<Training.Notifications.OutboxDispatcher>().TakeBackDeadClaimsAsync(stoppingToken);
                if (taken > 0) logger.LogWarning("Took back {Count} emails a stopped process had claimed", taken);
            }, stoppingToken);
            await RunAsync("LINE and SMS claims", async services =>
            {
                var taken = await services.GetRequiredService<Training.Notifications.Channels.ChannelDispatcher>().TakeBackDeadClaimsAsync(stoppingToken);
                if (taken > 0) logger.LogWarning("Took back {Count} LINE/SMS messages a stopped process had claimed", taken);
            }, stoppingToken);
            await RunAsync("bulk prints", services => services.GetRequiredService<CertificatePrinter>().ResumeAbandonedAsync(stoppingToken), stoppingToken);
            await RunAsync("imports", services => services.GetRequiredService<Training.People.PeopleImport>().TakeBackAbandonedAsync(stoppingToken), stoppingToken);
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunAsync(string what, Func<IServiceProvider, Task> work, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await work(scope.ServiceProvider);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The nightly sweeps remain; the failure is in the log with its stack trace.
            logger.LogError(ex, "Recovery of {What} failed", what);
        }
    }
}
