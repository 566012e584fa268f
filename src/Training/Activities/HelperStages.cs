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

/// <summary>
/// Reads the facts a helper's stage is derived from — trained: a completion in force (not withdrawn) or a qualification
/// not withdrawn; the day of the last counted record (<see cref="ActivityRecord.Counted"/>) — and derives the stage on
/// the site's today with <c>Activities:ActiveMonths</c>. Read only.
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

    public async Task<HelperStage> StageOfAsync(int personId, CancellationToken cancellationToken = default) =>
        await FactsOf(db.People.Where(p => p.Id == personId)).FirstOrDefaultAsync(cancellationToken) is { } facts ? StageOf(facts) : HelperStage.NotTrained;

    /// <summary>The first day that still makes a helper active today.</summary>
    public DateOnly ActiveFrom => HelperLifecycle.ActiveFrom(clock.Today, ActiveMonths);
}
