using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;

namespace Training.Web.Pages.Staff.Activities;

/// <summary>The choices the one partial, <c>_ActivityFields</c>, offers: kinds, districts, organisations, the city's open-activity programs.</summary>
public sealed record ActivityFields(IReadOnlyList<(int Id, string Name)> Kinds, IReadOnlyList<(int Id, string Name)> Areas, bool CityWideAllowed,
    IReadOnlyList<(int Id, string Name)> Organisations, IReadOnlyList<(int Id, string Name)> Programs)
{
    /// <summary>The choices for this staff member (<paramref name="mine"/>: their districts, empty for all), keeping the activity's current kind and district even if retired.</summary>
    public static async Task<ActivityFields> LoadAsync(TrainingDbContext db, IReadOnlyCollection<int> mine, int? currentKind, int? currentArea, CancellationToken cancellationToken)
    {
        var kinds = (await db.ActivityKinds.AsNoTracking().Where(k => k.IsActive || k.Id == currentKind).OrderBy(k => k.SortOrder).ThenBy(k => k.Id)
            .Select(k => new { k.Id, k.Name, k.NameEn }).ToListAsync(cancellationToken)).Select(k => (k.Id, Training.Activities.ActivityKind.NameFor(k.Name, k.NameEn, Display.IsEnglish))).ToList();
        var areas = await db.AreasForCorrectionAsync(mine, currentArea, cancellationToken);
        var organisations = await db.OrganisationsAsync(cancellationToken);
        var programs = (await db.Programs.AsNoTracking().Where(p => p.IsActive && p.Kind == ProgramKind.Activity).OrderBy(p => p.NameKana)
            .Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken)).Select(p => (p.Id, p.Name)).ToList();
        return new(kinds, areas, mine.Count == 0, organisations, programs);
    }
}
