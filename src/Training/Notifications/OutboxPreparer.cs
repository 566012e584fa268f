using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Training.Data;

namespace Training.Notifications;

/// <summary>
/// A feature that queues mail as what to send (<see cref="EmailOutbox.QueueToPrepareAsync"/>) and renders it after the
/// commit, from the row's key and the data as it then stands.
/// </summary>
public interface IEmailPreparation
{
    bool Prepares(string templateName);

    /// <summary>The message for a row being prepared; null when there is nothing to send any more (the booking is gone).</summary>
    Task<EmailRequest?> RequestForAsync(OutboundEmail email, CancellationToken cancellationToken);
}

/// <summary>
/// Renders the messages committed to be prepared and makes them due. The row is committed with the change it is about,
/// so nothing is lost: a crash before a row is prepared leaves it to be prepared by the next run (the dispatcher runs
/// this first, and runs every minute). The key stays unique, and only a row still being prepared is filled, so a
/// message is prepared and sent once even when two runs race.
/// </summary>
public sealed class OutboxPreparer(TrainingDbContext db, UnitOfWork unitOfWork, EmailOutbox outbox, OutboxStore store,
    IEnumerable<IEmailPreparation> preparations, OutboxKick kick, TimeProvider time, ILogger<OutboxPreparer> logger)
{
    private const int BatchSize = 100;

    /// <summary>Prepares the rows waiting now (not those committed while it runs, so a burst cannot keep it from returning).</summary>
    /// <returns>How many were made due.</returns>
    public async Task<int> PrepareAsync(CancellationToken cancellationToken = default)
    {
        var upTo = await db.OutboundEmails.Where(e => e.Status == EmailStatus.Preparing).MaxAsync(e => (long?)e.Id, cancellationToken);
        var done = 0;
        for (long after = 0; upTo is not null;)
        {
            var rows = await db.OutboundEmails.AsNoTracking()
                .Where(e => e.Status == EmailStatus.Preparing && e.Id > after && e.Id <= upTo)
                .OrderBy(e => e.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (rows.Count == 0) break;
            after = rows[^1].Id;
            done += await PrepareAsync(rows, cancellationToken);
        }
        return done;
    }

    private async Task<int> PrepareAsync(List<OutboundEmail> rows, CancellationToken cancellationToken)
    {
        // The data is read one row after another on this context; the templates are rendered on every core.
        var requests = new List<EmailRequest?>();
        foreach (var row in rows)
            requests.Add(preparations.FirstOrDefault(p => p.Prepares(row.TemplateName)) is { } preparation
                ? await preparation.RequestForAsync(row, cancellationToken)
                : null);
        var rendered = await Task.WhenAll(requests.Select(request => request is null
            ? Task.FromResult<(PreparedEmail?, Exception?)>((null, null))
            : Task.Run(async () =>
            {
                try { return ((PreparedEmail?)await outbox.PrepareAsync(request), (Exception?)null); }
                catch (Exception ex) { return (null, ex); }
            }, cancellationToken)));

        var now = time.GetUtcNow().UtcDateTime;
        return await unitOfWork.RunAsync(async ct =>
        {
            var due = 0;
            for (var i = 0; i < rows.Count; i++)
            {
                var (prepared, error) = rendered[i];
                if (prepared is not null)
                {
                    if (await store.MarkPreparedAsync(rows[i].Id, prepared, now, ct)) due++;
                    continue;
                }
                // A template that cannot be rendered fails here, as a message the server refused would: shown to staff,
                // not tried again on every run.
                if (error is not null) logger.LogError(error, "Outbox: message {Id} ({Template}) could not be prepared", rows[i].Id, rows[i].TemplateName);
                var id = rows[i].Id;
                await db.OutboundEmails.Where(e => e.Id == id && e.Status == EmailStatus.Preparing).ExecuteUpdateAsync(setters => setters
                    .SetProperty(e => e.Status, error is null ? EmailStatus.Cancelled : EmailStatus.Failed)
                    .SetProperty(e => e.LastError, error is null ? "Nothing to send any more." : Truncated($"The message could not be prepared: {error.Message}")), ct);
            }
            if (due > 0) unitOfWork.AfterCommit(kick.Request);
            return due;
        }, cancellationToken);
    }

    private static string Truncated(string text) => text.Length <= 2000 ? text : text[..2000];
}
