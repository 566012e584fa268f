using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using Training.Configuration;
using Training.Courses;

namespace Training.Web.Hosting;

/// <summary>
/// Keeps every node's cached public pages current when another node changes the schedule: a change here is
/// announced with PostgreSQL's NOTIFY, and announcements from other nodes (LISTEN) bump this node's version.
/// After a lost connection the version is bumped once, since announcements may have been missed meanwhile.
/// </summary>
public sealed class ScheduleChangeRelay(ScheduleVersion version, IOptions<DatabaseOptions> database, ILogger<ScheduleChangeRelay> logger) : BackgroundService
{
    public const string Channel = "training_schedule_changed";

    // Many changes in a burst need one announcement, not one each.
    private readonly Channel<bool> _pending = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        version.Changed += Announce;
        stoppingToken.Register(() => version.Changed -= Announce);
        return Task.WhenAll(ListenAsync(stoppingToken), AnnounceAsync(stoppingToken));
    }

    private void Announce() => _pending.Writer.TryWrite(true);

    private async Task AnnounceAsync(CancellationToken stoppingToken)
    {
        await using var source = NpgsqlDataSource.Create(database.Value.ConnectionString);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                _pending.Reader.TryRead(out _);
                try
                {
                    await using var command = source.CreateCommand($"NOTIFY {Channel}");
                    await command.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (NpgsqlException ex)
                {
                    logger.LogWarning(ex, "Schedule change not announced to other nodes (their cached pages expire within a minute)");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(database.Value.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                // This node's own announcements come back too: one extra bump, harmless.
                connection.Notification += (_, _) => version.BumpFromPeer();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(stoppingToken);
                version.BumpFromPeer();
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or System.IO.IOException)
            {
                logger.LogWarning(ex, "Listening for other nodes' schedule changes failed; retrying in 5 s");
                try { await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }
}
