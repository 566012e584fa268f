using Microsoft.EntityFrameworkCore;

namespace Training.Data;

/// <summary>
/// One writer at a time in this process for SQLite. SQLite allows a single writer anyway; queuing writers here,
/// in order, is far kinder than letting them collide and retry on SQLITE_BUSY. On PostgreSQL writers run side by side
/// and what must be serialised takes a lock of its own (<see cref="DatabaseLocks"/>), so there the gate is open.
/// </summary>
public sealed class DatabaseWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(TrainingDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite()) return Open.Instance;
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }

    private sealed class Open : IDisposable
    {
        public static readonly Open Instance = new();
        public void Dispose() { }
    }
}
