using System.Data;
using Microsoft.EntityFrameworkCore;

namespace Training.Data;

/// <summary>
/// Runs a few EF reads on PostgreSQL with its JIT off, inside one read-only transaction (so they also read one snapshot).
/// PostgreSQL compiles every query its planner prices above <c>jit_above_cost</c> each time it plans it — a statement not
/// yet prepared on its connection, or any statement on a server without prepared statements — which for matching's
/// set-based queries over a whole city costs more than the query itself (benchmarks/README.md, issue 27; ReportReads and
/// PointAwardStore found the same). SQLite has no JIT: the reads run as they are.
/// </summary>
public static class ReadsWithoutJit
{
    public static async Task<T> RunAsync<T>(TrainingDbContext db, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql() || db.Database.CurrentTransaction is not null) return await read();
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await db.Database.ExecuteSqlRawAsync("SET LOCAL jit = off; SET TRANSACTION READ ONLY", cancellationToken);
        var result = await read();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
