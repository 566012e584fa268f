using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Training.Attendance;
using Training.Configuration;
using Training.Data;
using Training.Time;

namespace Training.Activities;

/// <summary>
/// Who is trained, active or lapsed on a day, read from the database for one person or many at once; the stage itself
/// is <see cref="HelperLifecycle.Stage"/>. Trained means a completed course or a qualification granted by then.
/// </summary>
public class HelperStages(TrainingDbContext db, SiteClock clock, IOptions<ActivitiesOptions> options)
{
    public int ActiveMonths => options.Value.ActiveMonths;

    /// <summary>The people trained by the end of <paramref name="asOf"/> (a completion, or a qualification granted).</summary>
    public IQueryable<int> TrainedPeople(DateOnly asOf)
    {
        var end = clock.StartOfDayUtc(asOf.AddDays(1));
        return db.Completions.Where(c => c.Status == CompletionStatus.Completed && c.CompletedAt < end).Select(c => c.PersonId)
            .Union(db.Qualifications.Where(q => q.GrantedAt < end).Select(q => q.PersonId));
    }

    /// <summary>Each person's last day with a counted record on or before <paramref name="asOf"/>.</summary>
    public IQueryable<PersonLastRecord> LastCountedRecords(DateOnly asOf) =>
        db.ActivityRecords.Where(ActivityRecord.Counted).Where(r => r.Date <= asOf)
            .GroupBy(r => r.PersonId).Select(g => new PersonLastRecord(g.Key, g.Max(r => r.Date)));

    /// <summary>One person's stage today.</summary>
    public async Task<HelperStage> OfAsync(int personId, CancellationToken cancellationToken = default)
    {
        var today = clock.Today;
        var trained = await TrainedPeople(today).AnyAsync(id => id == personId, cancellationToken);
        var last = await LastCountedRecords(today).Where(r => r.PersonId == personId).Select(r => (DateOnly?)r.Last).FirstOrDefaultAsync(cancellationToken);
        return HelperLifecycle.Stage(trained, last, today, ActiveMonths);
    }

    /// <summary>The stage on <paramref name="asOf"/> of everyone trained or ever active by then (the rest are not trained).</summary>
    public async Task<Dictionary<int, HelperStage>> AllAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var trained = (await TrainedPeople(asOf).ToListAsync(cancellationToken)).ToHashSet();
        var last = await LastCountedRecords(asOf).ToDictionaryAsync(r => r.PersonId, r => r.Last, cancellationToken);
        return trained.Union(last.Keys).ToDictionary(id => id, id => HelperLifecycle.Stage(trained.Contains(id), last.TryGetValue(id, out var day) ? day : null, asOf, ActiveMonths));
    }
}

public sealed record PersonLastRecord(int PersonId, DateOnly Last);
