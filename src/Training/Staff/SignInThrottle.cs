using Microsoft.EntityFrameworkCore;
using Training.Data;

namespace Training.Staff;

/// <summary>
/// Slows password guessing without giving strangers a way to keep staff out. Failures are counted per account and
/// address, per address, and per account from addresses that never signed in to it; after a few, each next try must
/// wait longer (doubling, capped). A staff member on their usual device is never slowed by someone else's failures,
/// and no account is ever locked.
/// </summary>
public class SignInThrottle(TrainingDbContext db, UnitOfWork unitOfWork, TimeProvider time)
{
    /// <summary>How far back failures count.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);

    /// <summary>Failures allowed before delays start: per account and address, per address, per account for unknown devices.</summary>
    public const int FreePerAccountAndAddress = 3;
    public const int FreePerAddress = 10;
    public const int FreePerAccountFromNewDevices = 10;

    /// <summary>How long this address must still wait before trying this account, or zero.</summary>
    public async Task<TimeSpan> WaitAsync(string email, string? address, bool knownDevice, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now - Window;
        email = Normalise(email);
        var failures = db.SignInAttempts.AsNoTracking().Where(a => a.At >= since && a.Result == SignInAttemptResult.WrongPassword);

        var wait = TimeSpan.Zero;
        // Failures since this address last signed in to this account: a success clears its own slate only.
        var lastSuccess = await db.SignInAttempts.AsNoTracking()
            .Where(a => a.At >= since && a.Email == email && a.RemoteAddress == address && a.Result == SignInAttemptResult.Succeeded)
            .MaxAsync(a => (DateTime?)a.At, cancellationToken) ?? since;
        wait = Max(wait, Delay(await Stats(failures.Where(a => a.Email == email && a.RemoteAddress == address && a.At > lastSuccess), cancellationToken),
            FreePerAccountAndAddress, now));
        wait = Max(wait, Delay(await Stats(failures.Where(a => a.RemoteAddress == address), cancellationToken), FreePerAddress, now));
        if (!knownDevice)
            wait = Max(wait, Delay(await Stats(failures.Where(a => a.Email == email), cancellationToken), FreePerAccountFromNewDevices, now));
        return wait;
    }

    public async Task RecordAsync(string email, string? address, SignInAttemptResult result, CancellationToken cancellationToken = default,
        SignInMethod method = SignInMethod.Password)
    {
        await unitOfWork.RunAsync(_ =>
        {
            db.SignInAttempts.Add(new SignInAttempt { At = time.GetUtcNow().UtcDateTime, Email = Normalise(email), RemoteAddress = address, Result = result, Method = method });
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>Attempts older than this are of no further use to the throttle or to an administrator.</summary>
    public Task<int> PruneAsync(TimeSpan keep, CancellationToken cancellationToken = default)
    {
        var before = time.GetUtcNow().UtcDateTime - keep;
        return unitOfWork.RunStatementAsync(ct => db.SignInAttempts.Where(a => a.At < before).ExecuteDeleteAsync(ct), cancellationToken);
    }

    public static string Normalise(string email)
    {
        var trimmed = email.Trim().ToLowerInvariant();
        return trimmed.Length > 256 ? trimmed[..256] : trimmed;
    }

    private static async Task<(int Count, DateTime? Last)> Stats(IQueryable<SignInAttempt> failures, CancellationToken cancellationToken)
    {
        var stats = await failures.GroupBy(_ => 1).Select(g => new { Count = g.Count(), Last = g.Max(a => a.At) }).FirstOrDefaultAsync(cancellationToken);
        return stats is null ? (0, null) : (stats.Count, stats.Last);
    }

    /// <summary>1 s after the first failure beyond the free ones, then 2, 4, 8 … up to 15 minutes, from the last failure.</summary>
    private static TimeSpan Delay((int Count, DateTime? Last) failures, int free, DateTime now)
    {
        if (failures.Count < free || failures.Last is null) return TimeSpan.Zero;
        var exponent = Math.Min(failures.Count - free, 20);
        var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, exponent), MaxDelay.TotalSeconds));
        var until = failures.Last.Value + delay;
        return until > now ? until - now : TimeSpan.Zero;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
