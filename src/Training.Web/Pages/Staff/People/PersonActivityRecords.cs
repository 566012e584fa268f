using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Data;

namespace Training.Web.Pages.Staff.People;

/// <summary>
/// A person's stage (trained, active, lapsed — derived) and their activity records, newest first, as the staff person
/// page shows them: only records of activities in the staff member's districts (all for city staff). The stage is
/// derived from all of them, as it is everywhere.
/// </summary>
public sealed record PersonActivityRecords(HelperStage Stage, DateOnly? LastCounted, IReadOnlyList<PersonActivityRecords.Row> Rows)
{
    public sealed record Row(int Id, int ActivityId, string Activity, DateOnly Date, TimeOnly Start, int Minutes, int Visits, RecordStatus Status, bool Cancelled, RecordSource Source);

    public const int Shown = 50;

    public static async Task<PersonActivityRecords> LoadAsync(TrainingDbContext db, HelperStages stages, int personId, IReadOnlyCollection<int> staffAreas,
        CancellationToken cancellationToken)
    {
        var facts = await stages.FactsOf(db.People.Where(p => p.Id == personId)).FirstAsync(cancellationToken);
        var records = db.ActivityRecords.AsNoTracking().Where(r => r.PersonId == personId);
        var mine = staffAreas.ToList();
        var visible = mine.Count == 0 ? records : records.Where(r => r.LocalActivity!.AreaId != null && mine.Contains(r.LocalActivity.AreaId.Value));
        var rows = await visible.OrderByDescending(r => r.StartsAt).ThenByDescending(r => r.Id).Take(Shown)
            .Select(r => new Row(r.Id, r.LocalActivityId, r.LocalActivity!.Name, r.Date, r.StartTime, r.Minutes, r.Visits, r.Status, r.CancelledAt != null, r.Source))
            .ToListAsync(cancellationToken);
        return new(stages.StageOf(facts), facts.LastCounted, rows);
    }
}
