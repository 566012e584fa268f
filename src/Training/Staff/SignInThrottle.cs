using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Training.Data;

namespace Training.Staff;

/// <summary>How long a sign-in must wait, and whether only the brake on new devices holds it (see <see cref="SignInThrottle"/>).</summary>
public readonly record struct SignInBrake(TimeSpan Wait, bool OnlyNewDevices)
{
    public bool Holds => Wait > TimeSpan.Zero;
}

/// <summary>
/// Slows password and code guessing without giving strangers a way to keep staff out. No account is ever locked.
/// <list type="bullet">
/// <item>Per account and address: a few free failures, then doubling waits; a success or an unlock link at that
/// address clears its own slate only.</item>
/// <item>Per address: counted in accounts tried, not failures, so one account's failures (a colleague's, or an
/// attacker's on one account) do not slow the others behind the same city-hall address. Known devices are exempt.</item>
/// <item>Per account from new devices: stops guessing spread over many addresses. It never holds a device that
/// signed in before; an owner with a second factor passes it with the right password (the code step is the brake
/// then); anyone else uses the emailed unlock link or asks an administrator to clear it.</item>
/// <item>Authenticator codes: failures per account, reachable only with the right password.</item>
/// </list>
/// </summary>
public class SignInThrottle(TrainingDbContext db, UnitOfWork unitOfWork, TimeProvider time, ILogger<SignInThrottle> logger)
{
    /// <summary>How far back failures count.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);

    public const int FreePerAccountAndAddress = 3;
    /// <summary>Accounts one address may fail on before it waits.</summary>
    public const int FreeAccountsPerAddress = 10;
    public const int FreePerAccountFromNewDevices = 10;
    public const int FreeCodesPerAccount = 5;

    private static readonly SignInAttemptResult[] Clearing = [SignInAttemptResult.Succeeded, SignInAttemptResult.Unlocked];

    /// <summary>How long this address must still wait before trying this account's password, and which brake holds it.</summary>
    public async Task<SignInBrake> WaitAsync(string email, string? address, bool knownDevice, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now - Window;
        email = Normalise(email);
        var failures = db.SignInAttempts.AsNoTracking().Where(a => a.At >= since && a.Result == SignInAttemptResult.WrongPassword);

        // "Since" by id, not time: attempts in the same instant still come in order.
        var lastClear = await db.SignInAttempts.AsNoTracking()
            .Where(a => a.At >= since && a.Email == email && a.RemoteAddress == address && Clearing.Contains(a.Result))
            .MaxAsync(a => (long?)a.Id, cancellationToken) ?? 0;
        var wait = Delay(await Stats(failures.Where(a => a.Email == email && a.RemoteAddress == address && a.Id > lastClear), cancellationToken),
            FreePerAccountAndAddress, now);
        if (!knownDevice)
        {
            var accounts = await failures.Where(a => a.RemoteAddress == address).Select(a => a.Email).Distinct().CountAsync(cancellationToken);
            if (accounts >= FreeAccountsPerAddress)
            {
                var last = await failures.Where(a => a.RemoteAddress == address).MaxAsync(a => (DateTime?)a.At, cancellationToken);
                wait = Max(wait, Delay((accounts, last), FreeAccountsPerAddress, now));
            }
        }
        if (wait > TimeSpan.Zero || knownDevice) return new(wait, false);
        var cleared = await db.SignInAttempts.AsNoTracking().Where(a => a.At >= since && a.Email == email && a.Result == SignInAttemptResult.Cleared)
            .MaxAsync(a => (long?)a.Id, cancellationToken) ?? 0;
        var newDevices = Delay(await Stats(failures.Where(a => a.Email == email && a.Id > cleared), cancellationToken), FreePerAccountFromNewDevices, now);
        return new(newDevices, newDevices > TimeSpan.Zero);
    }

    /// <summary>How long this account must wait before its next authenticator or recovery code.</summary>
    public async Task<TimeSpan> CodeWaitAsync(string email, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now - Window;
        email = Normalise(email);
        var from = await db.SignInAttempts.AsNoTracking()
            .Where(a => a.At >= since && a.Email == email && (a.Result == SignInAttemptResult.Succeeded || a.Result == SignInAttemptResult.Cleared))
            .MaxAsync(a => (long?)a.Id, cancellationToken) ?? 0;
        return Delay(await Stats(db.SignInAttempts.AsNoTracking().Where(a => a.Email == email && a.At >= since && a.Id > from && a.Result == SignInAttemptResult.WrongCode),
            cancellationToken), FreeCodesPerAccount, now);
    }

    /// <summary>
    /// Accounts that new devices must currently wait for, by normalised email: shown to administrators apart from
    /// stopped accounts, with a way to clear them.
    /// </summary>
    public async Task<IReadOnlySet<string>> SlowedAccountsAsync(CancellationToken cancellationToken = default)
    {
        var since = time.GetUtcNow().UtcDateTime - Window;
        var cleared = db.SignInAttempts.Where(c => c.At >= since && c.Result == SignInAttemptResult.Cleared);
        var counts = await db.SignInAttempts.AsNoTracking()
            .Where(a => a.At >= since && (a.Result == SignInAttemptResult.WrongPassword || a.Result == SignInAttemptResult.WrongCode))
            .Where(a => !cleared.Any(c => c.Email == a.Email && c.Id > a.Id))
            .GroupBy(a => new { a.Email, a.Result }).Select(g => new { g.Key.Email, g.Key.Result, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts.Where(c => c.Count >= (c.Result == SignInAttemptResult.WrongCode ? FreeCodesPerAccount : FreePerAccountFromNewDevices))
            .Select(c => c.Email).ToHashSet();
    }

    /// <summary>
    /// Records one try. When the disk is full the record is given up (and logged), so that staff can still sign in and
    /// read while someone frees space: the throttle then counts what it could store.
    /// </summary>
    public async Task RecordAsync(string email, string? address, SignInAttemptResult result, CancellationToken cancellationToken = default,
        SignInMethod method = SignInMethod.Password)
    {
        try
        {
            await unitOfWork.RunAsync(_ =>
            {
                db.SignInAttempts.Add(new SignInAttempt { At = time.GetUtcNow().UtcDateTime, Email = Normalise(email), RemoteAddress = address, Result = result, Method = method });
                return Task.CompletedTask;
            }, cancellationToken);
        }
        catch (Exception ex) when (Training.Storage.FolderHealth.IsOutOfSpace(ex))
        {
            db.ChangeTracker.Clear();
            logger.LogError(ex, "Sign-in attempt not recorded: the database's disk is full");
        }
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
        // One group or none: Single says so (First without an order is EF warning 10103).
        var stats = await failures.GroupBy(_ => 1).Select(g => new { Count = g.Count(), Last = g.Max(a => a.At) }).SingleOrDefaultAsync(cancellationToken);
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
