using Microsoft.EntityFrameworkCore;
using Training.Attendance;
using Training.Audit;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Staff;
using Training.Time;

namespace Training.Leaders;

/// <summary>How a leader's account stands, as the coordinator's overview says it.</summary>
public enum LeaderStanding { Invited, Active, Revoked }

/// <summary>
/// A group's month so far: sessions held (ended, not cancelled) and still to come, and who came to those held —
/// everyone marked as attending, of whom walk-ins (booked at the door).
/// </summary>
/// <param name="PendingApproval">Sessions a leader planned, or moves proposed, that wait for a coordinator's approval
/// (<see cref="LeaderSessionApprovals"/>), whatever month they are for; null where nothing is read.</param>
public sealed record GroupMonth(int SessionsHeld, int SessionsToCome, int Attended, int WalkIns, int? PendingApproval = null);

/// <summary>One group with a leader, as its coordinator oversees it: its leaders, this month, and what its leaders did lately.</summary>
/// <param name="Changes">The latest audit rows whose actor is one of the group's leaders (past or present), the latest first.</param>
public sealed record OverseenGroup(LedGroup Group, IReadOnlyList<LeaderAccount> Leaders, GroupMonth Month, IReadOnlyList<AuditEntry> Changes)
{
    public static LeaderStanding StandingOf(LeaderAccount leader) =>
        !leader.IsActive ? LeaderStanding.Revoked : leader.LastSignInAt is null ? LeaderStanding.Invited : LeaderStanding.Active;
}

/// <summary>
/// Oversight of group leaders (issue 28, Deliver 5): every group with a leader that the staff member keeps
/// (<see cref="LedGroup.IsKeptBy"/> — a district coordinator's districts, every group for administrators), with its
/// leaders' standing, the current month's figures and the leaders' latest audited actions. Read in a fixed number of
/// queries however many groups there are.
/// </summary>
public class LeaderOversight(TrainingDbContext db, SiteClock clock, LeaderSessionApprovals approvals)
{
    /// <summary>How many of a group's leaders' latest actions are listed.</summary>
    public const int ChangesShown = 5;
    /// <summary>How many rows are read for all groups at once; a group whose leaders are quiet while others are busy may show fewer.</summary>
    private const int ChangesRead = 500;

    public async Task<IReadOnlyList<OverseenGroup>> OverviewAsync(ProgramReach reach, CancellationToken cancellationToken = default)
    {
        var leaders = await db.GroupLeaders.AsNoTracking()
            .Join(db.Users, l => l.StaffUserId, u => u.Id, (l, u) => new
            {
                u.Id, u.DisplayName, u.Email, HasPassword = u.PasswordHash != null, u.TwoFactorEnabled, l.LocalActivityId, l.ProgramId, l.InvitedAt, l.RevokedAt,
            })
            .ToListAsync(cancellationToken);
        var activityIds = leaders.Where(l => l.LocalActivityId != null).Select(l => l.LocalActivityId!.Value).Distinct().ToList();
        var programIds = leaders.Where(l => l.ProgramId != null).Select(l => l.ProgramId!.Value).Distinct().ToList();
        var activities = await db.LocalActivities.AsNoTracking().Where(a => activityIds.Contains(a.Id)).ToListAsync(cancellationToken);
        var programs = await db.Programs.AsNoTracking().Where(p => programIds.Contains(p.Id)).ToListAsync(cancellationToken);
        // As GroupLeaders.FindAsync describes a group, without a query each.
        var groups = activities.Select(a => new LedGroup(LeaderGroup.Activity(a.Id), a.Name, a.NameKana, a.AreaId, null, a.ProgramId, GroupLeader.WhyNotLed(a)))
            .Concat(programs.Select(p => new LedGroup(LeaderGroup.Program(p.Id), p.Name, p.NameKana, p.AreaId, p.OrganisationId,
                p.Kind == ProgramKind.Activity ? p.Id : null, GroupLeader.WhyNotLed(p))))
            .Where(g => g.IsKeptBy(reach))
            .ToList();
        if (groups.Count == 0) return [];

        LeaderGroup GroupOf(int? activity, int? program) => activity is { } a ? LeaderGroup.Activity(a) : LeaderGroup.Program(program!.Value);
        var kept = groups.Select(g => g.Group).ToHashSet();
        var ours = leaders.Where(l => kept.Contains(GroupOf(l.LocalActivityId, l.ProgramId))).ToList();

        var emails = ours.Select(l => SignInThrottle.Normalise(l.Email ?? "")).ToList();
        var lastSignIns = await db.SignInAttempts.AsNoTracking().Where(a => emails.Contains(a.Email) && a.Result == SignInAttemptResult.Succeeded)
            .GroupBy(a => a.Email).Select(g => new { Email = g.Key, At = g.Max(a => a.At) }).ToDictionaryAsync(g => g.Email, g => g.At, cancellationToken);

        var months = await MonthsAsync(groups, cancellationToken);

        var userIds = ours.Select(l => l.Id).ToList();
        var changes = await db.AuditEntries.AsNoTracking().Where(e => e.StaffUserId != null && userIds.Contains(e.StaffUserId))
            .OrderByDescending(e => e.Id).Take(ChangesRead).ToListAsync(cancellationToken);
        var groupOfUser = ours.ToDictionary(l => l.Id, l => GroupOf(l.LocalActivityId, l.ProgramId));

        return groups
            .Select(g => new OverseenGroup(g,
                ours.Where(l => GroupOf(l.LocalActivityId, l.ProgramId) == g.Group)
                    .Select(l => new LeaderAccount(l.Id, l.DisplayName, l.Email ?? "", l.HasPassword, l.RevokedAt is null, l.TwoFactorEnabled, l.InvitedAt, l.RevokedAt,
                        lastSignIns.TryGetValue(SignInThrottle.Normalise(l.Email ?? ""), out var at) ? at : null))
                    .OrderBy(a => a.IsActive ? 0 : 1).ThenBy(a => a.DisplayName, StringComparer.Ordinal).ToList(),
                g.ProgramId is { } program && months.TryGetValue(program, out var month) ? month : new GroupMonth(0, 0, 0, 0),
                changes.Where(e => groupOfUser[e.StaffUserId!] == g.Group).Take(ChangesShown).ToList()))
            // 五十音順 by the group's reading, as other lists of groups are ordered.
            .OrderBy(o => o.Group.NameKana, StringComparer.Ordinal).ThenBy(o => o.Group.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The current local month's figures of every group's program, and what waits for approval (three queries for all of them).</summary>
    private async Task<Dictionary<int, GroupMonth>> MonthsAsync(IReadOnlyList<LedGroup> groups, CancellationToken cancellationToken)
    {
        var programIds = groups.Where(g => g.ProgramId is not null).Select(g => g.ProgramId!.Value).Distinct().ToList();
        var today = clock.Today;
        var from = clock.StartOfDayUtc(new DateOnly(today.Year, today.Month, 1));
        var until = clock.StartOfDayUtc(new DateOnly(today.Year, today.Month, 1).AddMonths(1));
        var now = clock.UtcNow;
        // The coordinator's drafts are not the group's yet (as GroupSessions reads them).
        var sessions = await db.Sessions.AsNoTracking()
            .Where(s => programIds.Contains(s.Course!.ProgramId) && s.Course.Status != CourseStatus.Draft
                        && s.Status == SessionStatus.Scheduled && s.StartsAt >= from && s.StartsAt < until)
            .Select(s => new { s.Id, s.Course!.ProgramId, s.EndsAt }).ToListAsync(cancellationToken);
        var held = sessions.Where(s => s.EndsAt <= now).Select(s => s.Id).ToList();
        var attended = await db.Attendance.AsNoTracking()
            .Where(a => held.Contains(a.SessionId)
                        && (a.Status == AttendanceStatus.Present || a.Status == AttendanceStatus.Late || a.Status == AttendanceStatus.LeftEarly))
            .Select(a => new { a.Session!.Course!.ProgramId, WalkIn = a.Registration != null && a.Registration.Channel == ContactChannel.WalkIn })
            .ToListAsync(cancellationToken);
        var pending = await approvals.CountsAsync(programIds, cancellationToken);
        return programIds.ToDictionary(p => p, p => new GroupMonth(
            sessions.Count(s => s.ProgramId == p && s.EndsAt <= now), sessions.Count(s => s.ProgramId == p && s.EndsAt > now),
            attended.Count(a => a.ProgramId == p), attended.Count(a => a.ProgramId == p && a.WalkIn), pending.GetValueOrDefault(p)));
    }
}
