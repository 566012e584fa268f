using Microsoft.EntityFrameworkCore;

namespace Training.Data;

/// <summary>What a transaction-scoped lock protects; the number is the lock's first key.</summary>
public enum LockScope
{
    CertificateSerials = 1,
    /// <summary>Merging or correcting one person.</summary>
    Person = 2,
    CourseSeats = 3,
}

/// <summary>
/// Locks held until the current transaction ends, across every app node. On PostgreSQL these are advisory locks
/// (pg_advisory_xact_lock) on (scope, id), so only work on the same program or person waits; on SQLite a write
/// transaction already excludes every other writer, so nothing more is needed there.
/// </summary>
public static class DatabaseLocks
{
    public static async Task LockAsync(this TrainingDbContext db, LockScope scope, int id, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("A transaction-scoped lock needs an open transaction.");
        if (!db.Database.IsNpgsql()) return;
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({(int)scope}, {id})", cancellationToken);
    }
}
