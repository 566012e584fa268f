using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Audit;
using Training.Configuration;
using Training.Courses;
using Training.Data;
using Training.Notifications;
using Training.Organisations;
using Training.People;
using Training.Staff;
using Training.Time;

namespace Training.Leaders;

/// <summary>What a coordinator types to invite a group's leader: the name the leader is known by, and their email.</summary>
public sealed class LeaderInput
{
    public string DisplayName { get; set; } = "";
    public string Email { get; set; } = "";
    /// <summary>The language of the invitation and of later mail.</summary>
    public string Language { get; set; } = "ja";

    /// <summary>The same rules as a staff member's name and address (<see cref="StaffAccountInput.NameAndEmailProblems"/>).</summary>
    public IEnumerable<SettingProblem> Problems() =>
        StaffAccountInput.NameAndEmailProblems(DisplayName, Email).Select(p => new SettingProblem(p.Field, p.Message));
}

/// <summary>
/// A group as its leaders see it and as the coordinator keeping its leaders does: its name, where it belongs, and the
/// program whose sessions are its sessions (a program group's own; a local activity's linked program; none yet for a
/// local activity without one).
/// </summary>
/// <param name="OrganisationId">The organiser of a program group (whose own city-wide programs a coordinator may keep); null for a local activity.</param>
/// <param name="WhyNotLed">Why no leader may be invited or let back in now (an ended activity); null: they may.</param>
public sealed record LedGroup(LeaderGroup Group, string Name, string NameKana, int? AreaId, int? OrganisationId, int? ProgramId, string? WhyNotLed)
{
    /// <summary>Whether the group has sessions on the product's schedule (a program of its own or linked).</summary>
    public bool HasSessions => ProgramId is not null;

    /// <summary>Whether a course — its sessions, its bookings, its people — belongs to the group: a run of the group's program.</summary>
    public bool Includes(Course course) => ProgramId is { } program && course.ProgramId == program;

    /// <summary>
    /// Whether a member of staff with this reach keeps the group's leaders: a local activity in their districts (as they
    /// change the activity, <see cref="LocalActivities.InScope"/>); a program they may change (<see cref="ProgramReach"/>).
    /// </summary>
    public bool IsKeptBy(ProgramReach reach) => Group.Kind == LeaderGroupKind.LocalActivity
        ? LocalActivities.InScope(reach.StaffAreas, AreaId)
        : reach.Allows(AreaId, OrganisationId ?? 0);

    /// <summary>
    /// The group's local activity, whose activity records its leader keeps (<see cref="ActivityOf"/>); null when the
    /// group has none (a program no local activity links, or several do). Set by <see cref="GroupLeaders.FindAsync"/>.
    /// </summary>
    public int? LocalActivityId { get; init; }

    /// <summary>For a program group: how many local activities link it (0 or more than 1: the records pages say who to ask).</summary>
    public int LinkedActivities { get; init; }

    /// <summary>
    /// The one rule for which local activity a group's records are kept at: a local activity group's own; for a program
    /// group, the local activity linked to the program (<see cref="LocalActivity.ProgramId"/>) if exactly one is.
    /// </summary>
    public static int? ActivityOf(LeaderGroup group, IReadOnlyCollection<int> activitiesLinkingProgram) =>
        group.Kind == LeaderGroupKind.LocalActivity ? group.Id : activitiesLinkingProgram.Count == 1 ? activitiesLinkingProgram.Single() : null;

    /// <summary>What the group's leader reaches of activity records: the group's local activity and its people; null when there is none.</summary>
    public RecordReach? Records => LocalActivityId is { } activity ? RecordReach.Leader(activity) : null;
}

/// <summary>A group's leader as the coordinator's list shows them.</summary>
/// <param name="HasPassword">Has set a password from the invitation's link (false: still invited).</param>
public sealed record LeaderAccount(string UserId, string DisplayName, string Email, bool HasPassword, bool IsActive, bool TwoFactorEnabled,
    DateTime InvitedAt, DateTime? RevokedAt, DateTime? LastSignInAt);

/// <summary>What became of a change to a group's leaders.</summary>
public abstract record LeaderChange
{
    /// <param name="SetPasswordUrl">The one-time link, when it was to be shown rather than mailed.</param>
    public sealed record Done(string UserId, string? SetPasswordUrl = null) : LeaderChange;
    public sealed record Invalid(IReadOnlyList<SettingProblem> Problems) : LeaderChange;
    /// <summary>No such group, or no such leader of it.</summary>
    public sealed record NotFound : LeaderChange;
    /// <summary>The group is outside the staff member's reach.</summary>
    public sealed record OutOfScope : LeaderChange;
}

/// <summary>
/// The use cases on a group's leaders, for the coordinator of the group (a district's for its activities; administrators
/// for any): invite a leader (an account with <see cref="StaffRoles.Leader"/>, made and invited the way staff accounts
/// are, <see cref="StaffAccounts"/>), make a new set-password link, revoke a leader at once, and let one back in. Every
/// change is audited. <see cref="LedByAsync"/> is what a leader's every request asks: the group they lead now.
/// </summary>
public class GroupLeaders(TrainingDbContext db, UnitOfWork unitOfWork, StaffAccounts accounts, UserManager<StaffUser> users, EmailOutbox outbox,
    SiteLinks links, AuditLog audit, SiteClock clock)
{
    public static class Messages
    {
        public const string EmailTaken = "このメールアドレスは、ほかのアカウント（職員か、ほかのグループのリーダー）で使われています。別のメールアドレスにしてください。";
        public const string RevokedNoLink = "止めてあるリーダーには、リンクを作れません。先に「もう一度使えるようにする」を押してください。";
        public const string NoTwoFactor = "このリーダーは、認証アプリでのログインを使っていません。";

        public static IEnumerable<string> All => typeof(Messages).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
    }

    /// <summary>The group, or null when there is no such activity or program.</summary>
    public async Task<LedGroup?> FindAsync(LeaderGroup group, CancellationToken cancellationToken = default)
    {
        if (group.Kind == LeaderGroupKind.LocalActivity)
        {
            var activity = await db.LocalActivities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == group.Id, cancellationToken);
            return activity is null ? null
                : new LedGroup(group, activity.Name, activity.NameKana, activity.AreaId, null, activity.ProgramId, GroupLeader.WhyNotLed(activity))
                {
                    LocalActivityId = LedGroup.ActivityOf(group, []),
                };
        }
        var program = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == group.Id, cancellationToken);
        if (program is null) return null;
        // Two are enough to know the link is not one.
        var linking = await db.LocalActivities.AsNoTracking().Where(a => a.ProgramId == program.Id).OrderBy(a => a.Id).Select(a => a.Id).Take(2).ToListAsync(cancellationToken);
        return new LedGroup(group, program.Name, program.NameKana, program.AreaId, program.OrganisationId,
            program.Kind == ProgramKind.Activity ? program.Id : null, GroupLeader.WhyNotLed(program))
        {
            LocalActivityId = LedGroup.ActivityOf(group, linking), LinkedActivities = linking.Count,
        };
    }

    /// <summary>
    /// The group this account leads now, read afresh: null for an account that leads none (revoked, or not a leader).
    /// Every leader page asks it at every request (<c>LeaderScope</c>), so a revocation holds at once.
    /// </summary>
    public async Task<LedGroup?> LedByAsync(string? userId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId)) return null;
        var led = await db.GroupLeaders.AsNoTracking().Where(l => l.StaffUserId == userId && l.RevokedAt == null)
            .Select(l => new { l.LocalActivityId, l.ProgramId }).FirstOrDefaultAsync(cancellationToken);
        if (led is null) return null;
        return await FindAsync(led.LocalActivityId is { } activity ? LeaderGroup.Activity(activity) : LeaderGroup.Program(led.ProgramId!.Value), cancellationToken);
    }

    /// <summary>The group's leaders, those leading first, then by name.</summary>
    public async Task<IReadOnlyList<LeaderAccount>> ListAsync(LeaderGroup group, CancellationToken cancellationToken = default)
    {
        var rows = await Of(group).AsNoTracking()
            .Join(db.Users, l => l.StaffUserId, u => u.Id, (l, u) => new
            {
                u.Id, u.DisplayName, u.Email, u.NormalizedEmail, HasPassword = u.PasswordHash != null, u.TwoFactorEnabled, l.InvitedAt, l.RevokedAt,
            })
            .ToListAsync(cancellationToken);
        var emails = rows.Select(r => SignInThrottle.Normalise(r.Email ?? "")).ToList();
        var lastSignIns = await db.SignInAttempts.AsNoTracking().Where(a => emails.Contains(a.Email) && a.Result == SignInAttemptResult.Succeeded)
            .GroupBy(a => a.Email).Select(g => new { Email = g.Key, At = g.Max(a => a.At) }).ToDictionaryAsync(g => g.Email, g => g.At, cancellationToken);
        return rows.Select(r => new LeaderAccount(r.Id, r.DisplayName, r.Email ?? "", r.HasPassword, r.RevokedAt is null, r.TwoFactorEnabled, r.InvitedAt, r.RevokedAt,
                lastSignIns.TryGetValue(SignInThrottle.Normalise(r.Email ?? ""), out var at) ? at : null))
            .OrderBy(a => a.IsActive ? 0 : 1).ThenBy(a => a.DisplayName, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Invites a leader of the group: an account without a password, led group recorded, and the one-time link to set
    /// one — mailed, or returned to be handed over in person. The address must be free (one account per address, and
    /// an account leads one group).
    /// </summary>
    public async Task<LeaderChange> InviteAsync(LeaderGroup group, LeaderInput input, ProgramReach reach, Actor actor, bool sendByEmail,
        CancellationToken cancellationToken = default)
    {
        if (await FindAsync(group, cancellationToken) is not { } found) return new LeaderChange.NotFound();
        if (!found.IsKeptBy(reach)) return new LeaderChange.OutOfScope();
        var problems = input.Problems().ToList();
        if (found.WhyNotLed is { } why) problems.Add(new("", why));
        if (problems.Count == 0 && await accounts.IsEmailTakenAsync(input.Email)) problems.Add(new(nameof(LeaderInput.Email), Messages.EmailTaken));
        if (problems.Count > 0) return new LeaderChange.Invalid(problems);

        return await unitOfWork.RunAsync<LeaderChange>(async ct =>
        {
            var (user, link) = await accounts.AddAccountAsync(input.DisplayName, input.Email, input.Language, StaffRoles.Leader, [], ct);
            db.GroupLeaders.Add(GroupLeader.For(user.Id, group, clock.UtcNow, actor.StaffUserId));
            Record(actor, AuditAction.LeaderInvite, user, found, user.Email ?? "");
            if (sendByEmail) await MailLinkAsync(user, link, found, actor, ct);
            return new LeaderChange.Done(user.Id, sendByEmail ? null : link);
        }, cancellationToken);
    }

    /// <summary>A new one-time link to set the leader's password (an invitation that expired, a forgotten password); mailed or returned.</summary>
    public Task<LeaderChange> SendLinkAgainAsync(LeaderGroup group, string userId, ProgramReach reach, Actor actor, bool sendByEmail,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(group, userId, reach, async (found, leader, user, ct) =>
        {
            if (!leader.IsActive) return new LeaderChange.Invalid([new("", Messages.RevokedNoLink)]);
            var link = await accounts.SetPasswordUrlAsync(user);
            if (sendByEmail) await MailLinkAsync(user, link, found, actor, ct);
            Record(actor, AuditAction.LeaderLinkAgain, user, found, sendByEmail ? "sent by email" : "shown to the coordinator");
            return new LeaderChange.Done(user.Id, sendByEmail ? null : link);
        }, cancellationToken);

    /// <summary>
    /// Stops the leader at once: their account is stopped (its security stamp renewed, so an open session is refused at
    /// its next request) and they lead the group no more. Kept on record, and may be undone (<see cref="ReinstateAsync"/>).
    /// </summary>
    public Task<LeaderChange> RevokeAsync(LeaderGroup group, string userId, ProgramReach reach, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(group, userId, reach, async (found, leader, user, _) =>
        {
            if (!leader.Revoke(clock.UtcNow, actor.StaffUserId)) return new LeaderChange.Invalid([new("", GroupLeader.Messages.AlreadyRevoked)]);
            await accounts.StopAsync(user);
            Record(actor, AuditAction.LeaderRevoke, user, found, user.Email ?? "");
            return new LeaderChange.Done(user.Id);
        }, cancellationToken);

    /// <summary>Lets a revoked leader lead the group again with their own password (a revocation made by mistake, a leader back from a break).</summary>
    public Task<LeaderChange> ReinstateAsync(LeaderGroup group, string userId, ProgramReach reach, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(group, userId, reach, async (found, leader, user, _) =>
        {
            if (found.WhyNotLed is { } why) return new LeaderChange.Invalid([new("", why)]);
            if (!leader.Reinstate()) return new LeaderChange.Invalid([new("", GroupLeader.Messages.NotRevoked)]);
            await accounts.RestartAsync(user);
            Record(actor, AuditAction.LeaderReinstate, user, found, user.Email ?? "");
            return new LeaderChange.Done(user.Id);
        }, cancellationToken);

    /// <summary>
    /// Turns off the leader's authenticator app (a lost or changed phone), as an administrator does for staff: the
    /// staff reset itself (<see cref="StaffAccounts.ResetTwoFactorAsync"/>: the same effect, mail and audit row), asked
    /// by the group's coordinator for a leader of a group they keep.
    /// </summary>
    public async Task<LeaderChange> ResetTwoFactorAsync(LeaderGroup group, string userId, ProgramReach reach, Actor actor, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(group, cancellationToken) is not { } found) return new LeaderChange.NotFound();
        if (!found.IsKeptBy(reach)) return new LeaderChange.OutOfScope();
        if (!await Of(group).AnyAsync(l => l.StaffUserId == userId, cancellationToken)) return new LeaderChange.NotFound();
        // Its own unit: the staff reset refuses (an app not turned on) by rolling back, which a joined unit cannot do.
        var change = await accounts.ResetTwoFactorAsync(userId, actor, cancellationToken);
        return change.Done ? new LeaderChange.Done(userId) : new LeaderChange.Invalid([new("", change.Problem == StaffAccountInput.Messages.NoTwoFactor ? Messages.NoTwoFactor : change.Problem ?? "")]);
    }

    /// <summary>
    /// The names of the active leaders of every group the courses belong to (<see cref="LedGroup.Includes"/>): whom a
    /// resident booking one of them may let have their phone number. None: nobody to ask about.
    /// </summary>
    public async Task<IReadOnlyList<string>> LeaderNamesOfAsync(IReadOnlyCollection<int> courseIds, CancellationToken cancellationToken = default)
    {
        var courses = await db.Courses.AsNoTracking().Where(c => courseIds.Contains(c.Id)).ToListAsync(cancellationToken);
        var programIds = courses.Select(c => (int?)c.ProgramId).Distinct().ToList();
        // Only narrows what is read; whether a group holds a course is asked of the group below.
        var leaders = await db.GroupLeaders.AsNoTracking()
            .Where(l => l.RevokedAt == null && (programIds.Contains(l.ProgramId) || db.LocalActivities.Any(a => a.Id == l.LocalActivityId && programIds.Contains(a.ProgramId))))
            .Join(db.Users, l => l.StaffUserId, u => u.Id, (l, u) => new { l.LocalActivityId, l.ProgramId, u.DisplayName })
            .ToListAsync(cancellationToken);
        var names = new List<string>();
        foreach (var led in leaders.GroupBy(l => l.LocalActivityId is { } activity ? LeaderGroup.Activity(activity) : LeaderGroup.Program(l.ProgramId!.Value)))
            if (await FindAsync(led.Key, cancellationToken) is { } found && courses.Any(found.Includes))
                names.AddRange(led.Select(l => l.DisplayName).Where(n => !string.IsNullOrWhiteSpace(n)));
        return names.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>One change to one leader of the group, in one unit: the group and the leader found, the reach checked first.</summary>
    private async Task<LeaderChange> ChangeAsync(LeaderGroup group, string userId, ProgramReach reach,
        Func<LedGroup, GroupLeader, StaffUser, CancellationToken, Task<LeaderChange>> change, CancellationToken cancellationToken)
    {
        if (await FindAsync(group, cancellationToken) is not { } found) return new LeaderChange.NotFound();
        if (!found.IsKeptBy(reach)) return new LeaderChange.OutOfScope();
        return await unitOfWork.RunAsync(async ct =>
        {
            var leader = await Of(group).FirstOrDefaultAsync(l => l.StaffUserId == userId, ct);
            if (leader is null || await users.FindByIdAsync(userId) is not { } user) return new LeaderChange.NotFound();
            return await change(found, leader, user, ct);
        }, outcome => outcome is LeaderChange.Done, cancellationToken);
    }

    /// <summary>The leaders (past and present) of one group.</summary>
    private IQueryable<GroupLeader> Of(LeaderGroup group)
    {
        var id = group.Id;
        return group.Kind == LeaderGroupKind.LocalActivity ? db.GroupLeaders.Where(l => l.LocalActivityId == id) : db.GroupLeaders.Where(l => l.ProgramId == id);
    }

    private async Task MailLinkAsync(StaffUser user, string link, LedGroup group, Actor actor, CancellationToken cancellationToken) =>
        await outbox.QueueAsync(new EmailRequest($"leader-invitation:{user.Id}:{clock.UtcNow.Ticks}", "leader-invitation", user.PreferredLanguage,
            user.Email!, user.DisplayName, new LeaderInvitationEmail(user.DisplayName, await accounts.InviterNameAsync(actor, cancellationToken), group.Name, link,
                (int)StaffAccounts.LinkLifetime.TotalDays, links.Absolute(SiteLinks.StaffSignIn)), EmailCategory.Staff), cancellationToken);

    /// <summary>A row about the leader (by name, never their address in the label), naming the group in its details.</summary>
    private void Record(Actor actor, AuditAction action, StaffUser user, LedGroup group, string details) =>
        audit.Record(actor, action, AuditTarget.OfStaff(user.Id, string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? "" : user.DisplayName),
            $"{group.Name}（{group.Group}） {details}".TrimEnd());
}
