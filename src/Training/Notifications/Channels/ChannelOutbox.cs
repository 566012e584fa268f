using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Time;

namespace Training.Notifications.Channels;

/// <summary>
/// Puts notices for LINE and SMS into the channel outbox, inside the caller's unit of work; the dispatcher is kicked
/// once that commits. Queuing the same idempotency key again changes nothing.
/// </summary>
public sealed class ChannelOutbox(TrainingDbContext db, UnitOfWork unitOfWork, ChannelOutboxStore store, ChannelKick kick, SiteClock clock)
{
    /// <returns>Whether it was new (false: a notice with this key was already queued).</returns>
    public Task<bool> QueueAsync(ChannelRequest request, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var inserted = await store.InsertAsync(OutboundMessage.Queued(request, clock.UtcNow), ct);
            if (inserted) unitOfWork.AfterCommit(kick.Request);
            return inserted;
        }, cancellationToken);

    /// <summary>
    /// Sends failed notices again from the start (after the number or the provider was fixed): back to pending with their
    /// attempts reset. A call-list entry made for them stays: the coordinator may already have called.
    /// </summary>
    /// <returns>How many were failed and are now pending.</returns>
    public Task<int> RetryFailedAsync(IQueryable<OutboundMessage> which, CancellationToken cancellationToken = default) =>
        unitOfWork.RunStatementAsync(async ct =>
        {
            var now = clock.UtcNow;
            var changed = await which.Where(m => m.Status == EmailStatus.Failed).ExecuteUpdateAsync(setters => setters
                .SetProperty(m => m.Status, EmailStatus.Pending)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now), ct);
            if (changed > 0) unitOfWork.AfterCommit(kick.Request);
            return changed;
        }, cancellationToken);

    public IQueryable<OutboundMessage> Rows => db.OutboundMessages.AsNoTracking();
}
