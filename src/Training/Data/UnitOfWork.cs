using System.Linq.Expressions;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Training.Courses;

namespace Training.Data;

/// <summary>
/// The one way to write. A unit of work takes the write gate (SQLite's single writer, queued in order), opens the
/// transaction, runs the work, saves and commits — and only then runs what must follow a commit: the public
/// schedule's cache version, Hangfire jobs, the outbox dispatcher's kick. A rolled-back or failed unit runs none of
/// them, so no job ever starts on data that was never committed and no cached page is keyed to a change that did not
/// happen. Work started inside a running unit joins it: one transaction, one commit, one set of after-commit actions.
/// </summary>
public sealed class UnitOfWork(TrainingDbContext db, DatabaseWriteGate gate, ScheduleVersion scheduleVersion, IBackgroundJobClient jobs,
    ILogger<UnitOfWork> logger)
{
    private readonly List<Action> _afterCommit = [];
    private int _depth;

    /// <summary>Whether a unit of work is running on this scope's context.</summary>
    public bool InProgress => _depth > 0;

    /// <summary>Runs <paramref name="work"/> in one transaction and commits it.</summary>
    public Task RunAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken = default) =>
        RunAsync<bool>(async ct => { await work(ct); return true; }, _ => true, cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction and commits it.</summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
        RunAsync(work, _ => true, cancellationToken);

    /// <summary>Saves what the caller changed on the context's tracked entities, as one unit.</summary>
    public Task SaveAsync(CancellationToken cancellationToken = default) => RunAsync(_ => Task.CompletedTask, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it when <paramref name="keep"/> says so of the
    /// result; otherwise rolls everything back (a registration refused because the window closed saves nothing, not even
    /// the person it found) and forgets the after-commit actions.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, Func<T, bool> keep, CancellationToken cancellationToken = default)
    {
        if (_depth > 0)
        {
            // Joined: the outer unit saves and commits. A join cannot roll back on its own.
            var joined = await work(cancellationToken);
            if (!keep(joined)) throw new InvalidOperationException("A unit of work that joined another cannot roll back alone.");
            return joined;
        }

        using var writer = await gate.EnterAsync(db, cancellationToken);
        _depth++;
        T result;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            result = await work(cancellationToken);
            if (!keep(result))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                Forget();
                return result;
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            Forget();
            throw;
        }
        finally
        {
            _depth--;
        }
        writer.Dispose();
        RunAfterCommit();
        return result;
    }

    /// <summary>
    /// One statement that is atomic on its own (a conditional update, a claim), written without an explicit
    /// transaction: at the gate, in order with every other writer, with the after-commit actions run after it.
    /// </summary>
    public async Task<T> RunStatementAsync<T>(Func<CancellationToken, Task<T>> statement, CancellationToken cancellationToken = default)
    {
        if (_depth > 0) return await statement(cancellationToken);
        T result;
        using (await gate.EnterAsync(db, cancellationToken))
        {
            _depth++;
            try
            {
                result = await statement(cancellationToken);
            }
            catch
            {
                Forget();
                throw;
            }
            finally
            {
                _depth--;
            }
        }
        RunAfterCommit();
        return result;
    }

    /// <summary>Something to do once the running unit has committed; never if it rolls back.</summary>
    public void AfterCommit(Action action)
    {
        if (_depth == 0) throw new InvalidOperationException("After-commit actions belong to a running unit of work.");
        _afterCommit.Add(action);
    }

    /// <summary>Enqueues a Hangfire job once the running unit has committed, so the job reads what was written.</summary>
    public void Enqueue<TJob>(Expression<Func<TJob, Task>> call) => AfterCommit(() => jobs.Enqueue(call));

    /// <summary>
    /// Says that the running unit changed what the public schedule shows in a way the context cannot see (a bulk
    /// update or delete), so the schedule's cache version moves on once it commits.
    /// </summary>
    public void ScheduleChanged()
    {
        if (_depth == 0) throw new InvalidOperationException("A schedule change belongs to a running unit of work.");
        db.ScheduleChangePending = true;
    }

    /// <summary>Takes a lock held until the running unit's transaction ends (<see cref="DatabaseLocks"/>).</summary>
    public Task LockAsync(LockScope scope, int id, CancellationToken cancellationToken = default) => db.LockAsync(scope, id, cancellationToken);

    private void Forget()
    {
        _afterCommit.Clear();
        db.ScheduleChangePending = false;
        // What the context tracked was never committed; saving it again later would write it after all.
        db.ChangeTracker.Clear();
    }

    private void RunAfterCommit()
    {
        var actions = _afterCommit.ToList();
        _afterCommit.Clear();
        if (db.ScheduleChangePending)
        {
            db.ScheduleChangePending = false;
            scheduleVersion.Bump();
        }
        foreach (var action in actions)
        {
            // The data is committed; an action that fails (Hangfire's storage unreachable) is caught up by the sweeps
            // that re-derive missed work, and must not turn a saved change into an error page.
            try { action(); }
            catch (Exception ex) { logger.LogError(ex, "An action after a commit failed; the recurring sweeps will catch up"); }
        }
    }
}
