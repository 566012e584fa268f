using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Training.Data;
using Training.Time;

namespace Training.Certificates;

/// <summary>Bulk printing: many certificates in one PDF, rendered by a job that records its progress as it goes.</summary>
public class CertificatePrinter(TrainingDbContext db, UnitOfWork unitOfWork, CertificateIssuer issuer, CertificateRenderer renderer, CertificateStore store,
    SiteClock clock, ILogger<CertificatePrinter> logger)
{
    /// <summary>Progress is saved every this many pages: often enough to watch, rarely enough not to slow the job.</summary>
    private const int ProgressStep = 25;
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(7);

    /// <returns>The batch, or null when none of the certificates can be printed (all revoked or unknown).</returns>
    public async Task<CertificatePrintBatch?> RequestAsync(IReadOnlyCollection<int> certificateIds, string layout, string staffId, CancellationToken cancellationToken = default)
    {
        if (!renderer.LayoutNames().Contains(layout)) throw new ArgumentException($"There is no certificate layout \"{layout}\".", nameof(layout));
        var printable = await db.Certificates.Where(c => certificateIds.Contains(c.Id) && c.RevokedAt == null).Select(c => c.Id).ToListAsync(cancellationToken);
        if (printable.Count == 0) return null;
        var batch = new CertificatePrintBatch
        {
            RequestedByStaffId = staffId, RequestedAt = clock.UtcNow, Layout = layout, CertificateIds = string.Join(',', printable.Order()),
            Total = printable.Count, Status = PrintBatchStatus.Queued,
        };
        await unitOfWork.RunAsync(_ =>
        {
            db.CertificatePrintBatches.Add(batch);
            // Evaluated when enqueued, after the commit, when the batch has its id.
            unitOfWork.Enqueue<CertificatePrintJob>(job => job.RunAsync(batch.Id, CancellationToken.None));
            return Task.CompletedTask;
        }, cancellationToken);
        return batch;
    }

    /// <summary>Renders the batch. Running it again (a retried job) renders it again and replaces the file.</summary>
    public async Task PrintAsync(int batchId, CancellationToken cancellationToken = default)
    {
        var batch = await db.CertificatePrintBatches.FindAsync([batchId], cancellationToken);
        if (batch is null || (batch.Status == PrintBatchStatus.Ready && batch.PdfPath is not null && store.Exists(batch.PdfPath))) return;
        batch.Status = PrintBatchStatus.Printing;
        batch.Printed = 0;
        batch.Error = null;
        batch.HeartbeatAt = clock.UtcNow;
        await unitOfWork.SaveAsync(cancellationToken);
        try
        {
            // Certificates revoked since the request are left out; the furigana order of the ledger is kept.
            var ids = batch.Ids();
            var stillValid = await db.Certificates.Where(c => ids.Contains(c.Id) && c.RevokedAt == null).Select(c => c.Id).ToListAsync(cancellationToken);
            var contents = await issuer.ContentsAsync(stillValid, cancellationToken);
            batch.Total = contents.Count;
            var document = CertificateRenderer.StartMany(contents.Count);
            for (var i = 0; i < contents.Count; i++)
            {
                renderer.Draw(document, contents[i], batch.Layout);
                if ((i + 1) % ProgressStep != 0) continue;
                batch.Printed = i + 1;
                batch.HeartbeatAt = clock.UtcNow;
                await unitOfWork.SaveAsync(cancellationToken);
            }
            batch.PdfPath = store.WritePrint(batch.Id, CertificateRenderer.Finish(document, contents));
            batch.Printed = contents.Count;
            batch.Status = PrintBatchStatus.Ready;
            batch.FinishedAt = clock.UtcNow;
            await unitOfWork.SaveAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is MissingGlyphException or InvalidDataException)
        {
            // Not worth retrying: the name or the layout has to be fixed first. Staff see why on the page.
            if (db.Entry(batch).State == EntityState.Detached) db.Attach(batch);
            batch.Status = PrintBatchStatus.Failed;
            batch.Error = ex.Message;
            batch.FinishedAt = clock.UtcNow;
            await unitOfWork.SaveAsync(CancellationToken.None);
            logger.LogWarning(ex, "Print batch {BatchId} failed", batch.Id);
        }
    }

    /// <summary>A batch unfinished and silent for this long was left by a stopped process (or its job was lost).</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Prints again every batch that a stopped process left unfinished, or whose job never ran. Each is claimed with a
    /// conditional update first, so two nodes never take the same batch. Returns how many were printed.
    /// </summary>
    public async Task<int> ResumeAbandonedAsync(CancellationToken cancellationToken = default)
    {
        var silentSince = clock.UtcNow - AbandonedAfter;
        var candidates = await db.CertificatePrintBatches.AsNoTracking()
            .Where(b => (b.Status == PrintBatchStatus.Queued || b.Status == PrintBatchStatus.Printing)
                        && (b.HeartbeatAt == null ? b.RequestedAt < silentSince : b.HeartbeatAt < silentSince))
            .Select(b => b.Id).ToListAsync(cancellationToken);
        var resumed = 0;
        foreach (var id in candidates)
        {
            var now = clock.UtcNow;
            var claimed = await unitOfWork.RunStatementAsync(ct => db.CertificatePrintBatches
                .Where(b => b.Id == id && (b.Status == PrintBatchStatus.Queued || b.Status == PrintBatchStatus.Printing)
                            && (b.HeartbeatAt == null ? b.RequestedAt < silentSince : b.HeartbeatAt < silentSince))
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.HeartbeatAt, now), ct), cancellationToken);
            if (claimed == 0) continue;
            logger.LogWarning("Print batch {BatchId} was left unfinished; printing it again", id);
            db.ChangeTracker.Clear();
            await PrintAsync(id, cancellationToken);
            resumed++;
        }
        return resumed;
    }

    /// <summary>Bulk-print files are working copies holding names: removed a week after they were asked for.</summary>
    public async Task<int> DeleteOldAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.UtcNow - KeptFor;
        var old = await db.CertificatePrintBatches.Where(b => b.RequestedAt < cutoff).ToListAsync(cancellationToken);
        foreach (var batch in old)
            if (batch.PdfPath is not null) store.DeletePrint(batch.PdfPath);
        db.CertificatePrintBatches.RemoveRange(old);
        await unitOfWork.SaveAsync(cancellationToken);
        return old.Count;
    }
}
