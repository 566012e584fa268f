using Training.Data;
using Training.People;

namespace Training.Activities;

/// <summary>
/// Whose activity records a change may touch, decided once by the page and asked by every use case of
/// <see cref="ActivityRecords"/>: a member of staff reaches the activities of their districts (none listed: every
/// activity) and the people they reach; a group's leader (issue 28) reaches their group's one local activity and only
/// the people already connected to it (<see cref="ConnectedTo"/>), never a search over all residents.
/// </summary>
public readonly record struct RecordReach
{
    private RecordReach(IReadOnlyCollection<int>? staffAreas, int? leaderActivityId) => (StaffAreas, LeaderActivityId) = (staffAreas, leaderActivityId);

    private IReadOnlyCollection<int>? StaffAreas { get; }
    /// <summary>The leader's one activity; null for staff.</summary>
    public int? LeaderActivityId { get; }

    /// <summary>A member of staff with these districts (none: every district).</summary>
    public static RecordReach Staff(IReadOnlyCollection<int> staffAreas) => new(staffAreas, null);

    /// <summary>A group's leader, whose group's local activity is this one.</summary>
    public static RecordReach Leader(int localActivityId) => new(null, localActivityId);

    public bool IsLeader => LeaderActivityId is not null;

    /// <summary>Who a record typed with this reach comes from: a leader's session is theirs, and confirmed by them as they type it.</summary>
    public RecordSource Source => IsLeader ? RecordSource.Leader : RecordSource.Staff;

    /// <summary>Whether records of this activity (in that district) may be written or changed.</summary>
    public bool Allows(int activityId, int? activityAreaId) =>
        LeaderActivityId is { } own ? own == activityId : LocalActivities.InScope(StaffAreas ?? [], activityAreaId);

    /// <summary>The people whose records at the activity may be typed: staff's reach, or those connected to the leader's group.</summary>
    public IQueryable<Person> People(IQueryable<Person> people, TrainingDbContext db, int activityId) =>
        IsLeader ? ConnectedTo(people, db, activityId) : people.Within(db, (StaffAreas ?? []).ToList());

    /// <summary>
    /// The people already connected to an activity: a record there (not cancelled: a refused record connects nobody),
    /// or introduced to one of its needs and not declined. The only people a group's leader may pick.
    /// </summary>
    public static IQueryable<Person> ConnectedTo(IQueryable<Person> people, TrainingDbContext db, int activityId) =>
        people.Where(p => p.AnonymisedAt == null
            && (db.ActivityRecords.Any(r => r.PersonId == p.Id && r.LocalActivityId == activityId && r.CancelledAt == null)
                || db.Introductions.Any(i => i.PersonId == p.Id && i.LocalActivityId == activityId && i.Outcome != IntroductionOutcome.Declined)));
}
