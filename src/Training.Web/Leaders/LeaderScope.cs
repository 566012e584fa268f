using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;
using Training.Leaders;

namespace Training.Web.Leaders;

/// <summary>
/// What the signed-in group leader may reach, asked by every leader page at every request (as <c>StaffScope</c> is by
/// the staff pages): the one group they lead now (read afresh, so a revocation holds at once), and whether an id asked
/// for belongs to it. Links are never the check: a session of another group asked by its id is refused here.
/// </summary>
public class LeaderScope(TrainingDbContext db, IHttpContextAccessor http, GroupLeaders leaders)
{
    private LedGroup? _group;
    private bool _read;

    public ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal();
    public string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>The leader as the audit log names them: id, sign-in name and the address they work from.</summary>
    public Training.People.Actor Actor => new(UserId, User.Identity?.Name ?? "", http.HttpContext?.Connection.RemoteIpAddress?.ToString());

    /// <summary>The group the leader leads now; null when they lead none (revoked, or not a leader).</summary>
    public async Task<LedGroup?> GroupAsync(CancellationToken cancellationToken = default)
    {
        if (_read) return _group;
        _group = await leaders.LedByAsync(UserId, cancellationToken);
        _read = true;
        return _group;
    }

    /// <summary>
    /// The group with one of its sessions (its course loaded), read for a leader page; or, instead, the answer to give:
    /// 403 when the leader leads no group or the session is another group's, 404 when there is no such session.
    /// </summary>
    public async Task<(LedGroup? Group, Session? Session, IActionResult? Refusal)> SessionAsync(int id, CancellationToken cancellationToken = default)
    {
        if (await GroupAsync(cancellationToken) is not { } group) return (null, null, new ForbidResult());
        var session = await db.Sessions.AsNoTracking().Include(s => s.Course).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null) return (group, null, new NotFoundResult());
        if (!group.Includes(session.Course!)) return (group, null, new ForbidResult());
        return (group, session, null);
    }

    /// <summary>
    /// The group with one of its activity records (at the group's local activity, <see cref="LedGroup.Records"/>), read for
    /// a leader page; or, instead, the answer to give: 403 when the leader leads no group, the group has no local
    /// activity or the record is another activity's, 404 when there is no such record.
    /// </summary>
    public async Task<(LedGroup? Group, Training.Activities.ActivityRecord? Record, IActionResult? Refusal)> RecordAsync(int id, CancellationToken cancellationToken = default)
    {
        if (await GroupAsync(cancellationToken) is not { Records: { } reach } group) return (null, null, new ForbidResult());
        var record = await db.ActivityRecords.AsNoTracking().Include(r => r.LocalActivity).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (record is null) return (group, null, new NotFoundResult());
        if (!reach.Allows(record.LocalActivityId, record.LocalActivity!.AreaId)) return (group, null, new ForbidResult());
        return (group, record, null);
    }

    /// <summary>
    /// Whether a run asked for by its id (to plan sessions on) is the group's: null when it is; otherwise the answer to
    /// give — 403 when the leader leads no group or the run is another group's, 404 when there is no such run.
    /// </summary>
    public async Task<IActionResult?> RunRefusalAsync(int courseId, CancellationToken cancellationToken = default)
    {
        if (await GroupAsync(cancellationToken) is not { } group) return new ForbidResult();
        var course = await db.Courses.AsNoTracking().FirstOrDefaultAsync(c => c.Id == courseId, cancellationToken);
        if (course is null) return new NotFoundResult();
        return group.Includes(course) ? null : new ForbidResult();
    }

    /// <summary>Where a signed-in account lands: a leader on their group's page, staff on the dashboard.</summary>
    public static string HomePage(bool leader) => leader ? "/Lead/Index" : "/Staff/Index";
}
