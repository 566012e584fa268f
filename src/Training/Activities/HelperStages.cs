using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Training.Attendance;
using Training.Configuration;
using Training.Data;
using Training.People;
using Training.Time;

namespace Training.Activities;

/// <summary>What <see cref="HelperLifecycle.Stage"/> is derived from, for one person: trained or not, and their last counted record.</summary>
public sealed record StageFacts(int PersonId, bool Trained, DateOnly? LastCounted);

public sealed record PersonLastRecord(int PersonId, DateOnly Last);

/// <summary>
/// Reads the facts a helper's stage is derived from — trained: a completion in force (not withdrawn) or a qualification
/// not withdrawn; the day of the last counted record (<see cref="ActivityRecord.Counted"/>) — and derives the stage with
/// <c>Activities:ActiveMonths</c>, for one person or a set of them today, or for everyone on a past day (the report). Read only.
/// </summary>
public class HelperStages(TrainingDbContext db, SiteClock clock, IOptions<ActivitiesOptions> options)
{
    public int ActiveMonths => options.Value.ActiveMonths;

    /// <summary>The facts for each of <paramref name="people"/>, as one query.</summary>
    public IQueryable<StageFacts> FactsOf(IQueryable<Person> people)
    {
        var completions = db.Completions.Where(c => c.Status != CompletionStatus.Withdrawn);
        var qualifications = db.Qualifications.Where(q => q.WithdrawnAt == null);
        var counted = db.ActivityRecords.Where(ActivityRecord.Counted);
        return people.Select(p => new StageFacts(p.Id,
            completions.Any(c => c.PersonId == p.Id) || qualifications.Any(q => q.PersonId == p.Id),
            counted.Where(r => r.PersonId == p.Id).Max(r => (DateOnly?)r.Date)));
    }

    public HelperStage StageOf(StageFacts facts) => HelperLifecycle.Stage(facts.Trained, facts.LastCounted, clock.Today, ActiveMonths);

    /// <summary>The stage today of each of <paramref name="people"/> (a page of a list, or the set a filter picks from), as one query: no query per row.</summary>
    public async Task<Dictionary<int, HelperStage>> StagesOfAsync(IQueryable<Person> people, CancellationToken cancellationToken = default) =>
        (await FactsOf(people).ToListAsync(cancellationToken)).ToDictionary(f => f.PersonId, StageOf);

    public async Task<HelperStage> StageOfAsync(int personId, CancellationToken cancellationToken = default) =>
        await FactsOf(db.People.Where(p => p.Id == personId)).FirstOrDefaultAsync(cancellationToken) is { } facts ? StageOf(facts) : HelperStage.NotTrained;

    /// <summary>The first day that still makes a helper active today.</summary>
    public DateOnly ActiveFrom => HelperLifecycle.ActiveFrom(clock.Today, ActiveMonths);

    /// <summary>The people trained by the end of <paramref name="asOf"/>, by the same rule as <see cref="FactsOf"/>.</summary>
    public IQueryable<int> TrainedPeople(DateOnly asOf)
    {
        var end = clock.StartOfDayUtc(asOf.AddDays(1));
        return db.Completions.Where(c => c.Status != CompletionStatus.Withdrawn && c.CompletedAt < end).Select(c => c.PersonId)
            .Union(db.Qualifications.Where(q => q.WithdrawnAt == null && q.GrantedAt < end).Select(q => q.PersonId));
    }

    /// <summary>Each person's last day with a counted record on or before <paramref name="asOf"/>.</summary>
    public IQueryable<PersonLastRecord> LastCountedRecords(DateOnly asOf) =>
        db.ActivityRecords.Where(ActivityRecord.Counted).Where(r => r.Date <= asOf)
            .GroupBy(r => r.PersonId).Select(g => new PersonLastRecord(g.Key, g.Max(r => r.Date)));

    /// <summary>The stage on <paramref name="asOf"/> of everyone trained or ever active by then (the rest are not trained), in two set queries.</summary>
    public async Task<Dictionary<int, HelperStage>> AllAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var trained = (await TrainedPeople(asOf).ToListAsync(cancellationToken)).ToHashSet();
        var last = await LastCountedRecords(asOf).ToDictionaryAsync(r => r.PersonId, r => r.Last, cancellationToken);
        return trained.Union(last.Keys).ToDictionary(id => id, id => HelperLifecycle.Stage(trained.Contains(id), last.TryGetValue(id, out var day) ? day : null, asOf, ActiveMonths));
    }
}
