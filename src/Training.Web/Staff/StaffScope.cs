using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Staff;

namespace Training.Web.Staff;

/// <summary>The areas the signed-in staff member may work in: all for admins and unrestricted coordinators.</summary>
public class StaffScope(TrainingDbContext db, IHttpContextAccessor http, Microsoft.Extensions.Options.IOptions<Training.Configuration.StaffOptions> options)
{
    private IReadOnlyList<int>? _areas;

    public ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal();
    public string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);
    public bool IsAdmin => User.IsInRole(StaffRoles.Admin);

    /// <summary>The staff member as the audit log names them: id, sign-in name and the address they work from.</summary>
    public Training.People.Actor Actor => new(UserId, User.Identity?.Name ?? "", http.HttpContext?.Connection.RemoteIpAddress?.ToString());

    /// <summary>
    /// A course with its program, read for a staff page; or, instead, the answer to give: 404 when there is no such
    /// course, 403 when it is outside this staff member's districts.
    /// </summary>
    public async Task<(Training.Courses.Course? Course, Microsoft.AspNetCore.Mvc.IActionResult? Refusal)> CourseAsync(int id, CancellationToken cancellationToken = default)
    {
        var course = await db.Courses.AsNoTracking().Include(c => c.Program).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (course is null) return (null, new Microsoft.AspNetCore.Mvc.NotFoundResult());
        if (!await AllowsAsync(course.AreaId, cancellationToken)) return (null, new Microsoft.AspNetCore.Mvc.ForbidResult());
        return (course, null);
    }

    /// <summary>Whether the staff member may see or change something in this area (null: not tied to an area).</summary>
    public async Task<bool> AllowsAsync(int? areaId, CancellationToken cancellationToken = default)
    {
        var areas = await AreaIdsAsync(cancellationToken);
        return areas.Count == 0 || (areaId is not null && areas.Contains(areaId.Value));
    }

    /// <summary>Whether the staff member reaches this resident: by district, or through a course of theirs (see <see cref="Training.People.PersonReach"/>).</summary>
    public async Task<bool> ReachesAsync(int personId, CancellationToken cancellationToken = default) =>
        await Training.People.PersonReach.ReachesAsync(db, personId, await AreaIdsAsync(cancellationToken), cancellationToken);

    /// <summary>The residents among <paramref name="people"/> the staff member reaches.</summary>
    public async Task<IQueryable<Training.People.Person>> ReachableAsync(IQueryable<Training.People.Person> people, CancellationToken cancellationToken = default) =>
        Training.People.PersonReach.Within(people, db, await AreaIdsAsync(cancellationToken));

    /// <summary>Whether the staff member may change this program (see <see cref="Training.Courses.TrainingProgram.MayBeChangedBy"/>).</summary>
    public async Task<bool> MayChangeAsync(Training.Courses.TrainingProgram program, CancellationToken cancellationToken = default)
    {
        var reach = await ProgramReachAsync(cancellationToken);
        return program.MayBeChangedBy(reach.StaffAreas, reach.StaffOrganisationId, reach.OwnOrganisationCityWide);
    }

    /// <summary>Which programs the staff member may create and change (<see cref="Training.Courses.ProgramReach"/>).</summary>
    public async Task<Training.Courses.ProgramReach> ProgramReachAsync(CancellationToken cancellationToken = default)
    {
        var areas = await AreaIdsAsync(cancellationToken);
        if (areas.Count == 0) return Training.Courses.ProgramReach.Everything;
        var organisationId = await db.Users.Where(u => u.Id == UserId).Select(u => u.OrganisationId).FirstOrDefaultAsync(cancellationToken);
        return new(areas.ToList(), organisationId, options.Value.CoordinatorsChangeOwnCityWidePrograms);
    }

    /// <summary>Empty means every area.</summary>
    public async Task<IReadOnlyList<int>> AreaIdsAsync(CancellationToken cancellationToken = default)
    {
        if (_areas is not null) return _areas;
        // No districts would read as every district: a group's leader is never asked for theirs (their pages ask LeaderScope).
        if (User.IsInRole(StaffRoles.Leader)) throw new InvalidOperationException("A group's leader has no districts; leader pages ask LeaderScope.");
        if (IsAdmin || UserId is null) return _areas = [];
        return _areas = await db.StaffUserAreas.Where(a => a.StaffUserId == UserId).Select(a => a.AreaId).ToListAsync(cancellationToken);
    }
}
