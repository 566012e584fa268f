using Training.Data;

namespace Training.People;

/// <summary>
/// Which residents a staff member tied to districts reaches: those living in their districts, and anyone booked on, or
/// recorded at (a walk-in, a make-up), a course or activity of their districts — a coordinator runs their own course
/// for everyone on it, wherever they live. Nobody else. An empty list of districts means every resident.
/// </summary>
public static class PersonReach
{
    public static IQueryable<Person> Within(this IQueryable<Person> people, TrainingDbContext db, IReadOnlyCollection<int> areaIds)
    {
        if (areaIds.Count == 0) return people;
        var areas = areaIds.ToList();
        return people.Where(p => (p.AreaId != null && areas.Contains(p.AreaId.Value))
            || db.Registrations.Any(r => r.PersonId == p.Id && r.Course!.AreaId != null && areas.Contains(r.Course.AreaId.Value))
            || db.Attendance.Any(a => a.PersonId == p.Id && a.Session!.Course!.AreaId != null && areas.Contains(a.Session.Course.AreaId.Value))
            // A helper recorded at a local activity of these districts (Activities/ActivityRecords).
            || db.ActivityRecords.Any(r => r.PersonId == p.Id && r.LocalActivity!.AreaId != null && areas.Contains(r.LocalActivity.AreaId.Value)));
    }

    /// <summary>Whether one resident is within reach of these districts.</summary>
    public static Task<bool> ReachesAsync(TrainingDbContext db, int personId, IReadOnlyCollection<int> areaIds, CancellationToken cancellationToken = default) =>
        areaIds.Count == 0
            ? Task.FromResult(true)
            : Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.People.Where(p => p.Id == personId).Within(db, areaIds), cancellationToken);
}
