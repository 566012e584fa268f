using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Registrations;
using Training.Time;

namespace Training.Leaders;

/// <summary>One session of a group, as its leader's pages list it: when, where, and how many are booked.</summary>
/// <param name="Booked">Confirmed bookings covering the session.</param>
/// <param name="Waiting">On the waiting list for it.</param>
/// <param name="Status">Pending: waiting for a coordinator's approval (承認待ち); Declined: not to be held, <paramref name="DecisionNote"/> says why.</param>
/// <param name="ProposedStartsAt">A move the leader proposed, waiting for approval; null when none waits.</param>
public sealed record GroupSession(int SessionId, int CourseId, string CourseTitle, int Number, DateTime StartsAt, DateTime EndsAt, string Venue,
    bool Cancelled, int Booked, int Waiting, SessionStatus Status = SessionStatus.Scheduled, string? DecisionNote = null,
    DateTime? ProposedStartsAt = null, DateTime? ProposedEndsAt = null);

/// <summary>Someone booked for a group's session, as the leader sees them.</summary>
/// <param name="Phone">Only when the person agreed to give it to the group's leader (<see cref="ConsentPurpose.SharingWithGroupLeader"/>); otherwise null.</param>
public sealed record Registrant(int PersonId, string Name, string Kana, string? Phone);

/// <summary>
/// What a group's leader reads (the read side of issue 28): the group's sessions, upcoming and recent, and for one
/// session the people booked for it — names and furigana in 五十音順, and a phone number only for those who agreed to
/// give it to the group's leader. Reading the people of a session is recorded in the audit log, as a staff member's
/// view of a person's details is. Only sessions of the group's own program are read (<see cref="LedGroup.Includes"/>).
/// </summary>
public class GroupSessions(TrainingDbContext db, AuditLog audit, SiteClock clock)
{
    /// <summary>How many upcoming sessions the home page lists (a weekly salon's next two months or so).</summary>
    public const int UpcomingShown = 10;
    /// <summary>How many past sessions it lists, the latest first.</summary>
    public const int RecentShown = 5;

    /// <summary>The group's upcoming sessions (not yet ended) in order, and its recent ones, the latest first; none for a group without sessions.</summary>
    public async Task<(IReadOnlyList<GroupSession> Upcoming, IReadOnlyList<GroupSession> Recent)> OverviewAsync(LedGroup group, CancellationToken cancellationToken = default)
    {
        if (group.ProgramId is not { } programId) return ([], []);
        var now = clock.UtcNow;
        // The coordinator's drafts are not the group's yet.
        var sessions = db.Sessions.AsNoTracking().Where(s => s.Course!.ProgramId == programId && s.Course.Status != CourseStatus.Draft);
        var upcoming = await sessions.Where(s => s.EndsAt >= now).OrderBy(s => s.StartsAt).ThenBy(s => s.Id).Take(UpcomingShown).Include(s => s.Course).ToListAsync(cancellationToken);
        var recent = await sessions.Where(s => s.EndsAt < now).OrderByDescending(s => s.StartsAt).ThenByDescending(s => s.Id).Take(RecentShown).Include(s => s.Course).ToListAsync(cancellationToken);
        var counts = await CountsAsync(upcoming.Concat(recent).ToList(), cancellationToken);
        return (upcoming.Select(s => Line(s, counts)).ToList(), recent.Select(s => Line(s, counts)).ToList());
    }

    /// <summary>The session as the group's pages show it (the caller has checked it is the group's).</summary>
    public async Task<GroupSession> SessionAsync(LedGroup group, Session session, CancellationToken cancellationToken = default)
    {
        Check(group, session);
        return Line(session, await CountsAsync([session], cancellationToken));
    }

    /// <summary>
    /// Everyone booked for the session (confirmed; a deleted person's record is not shown) in 五十音順, with the phone
    /// number of those who agreed to give it to the group's leader; the view is recorded as the leader's.
    /// </summary>
    public async Task<IReadOnlyList<Registrant>> RegistrantsAsync(LedGroup group, Session session, Actor actor, CancellationToken cancellationToken = default)
    {
        Check(group, session);
        var people = await Registration.OnRosterOf(db.Registrations.AsNoTracking(), session)
            .Where(r => r.Person!.AnonymisedAt == null)
            .Select(r => new { r.PersonId, r.Person!.FamilyName, r.Person.GivenName, r.Person.FamilyNameKana, r.Person.GivenNameKana, r.Person.KanaSortKey, r.Person.Phone })
            .ToListAsync(cancellationToken);
        var consents = await db.LatestConsentsAsync(ConsentPurpose.SharingWithGroupLeader, people.Select(p => p.PersonId).ToList(), cancellationToken);
        // By code point, as the roster and the printed sign-in sheet order people: the leader's list agrees with both.
        var registrants = people.DistinctBy(p => p.PersonId).OrderBy(p => p.KanaSortKey, StringComparer.Ordinal).ThenBy(p => p.PersonId)
            .Select(p => new Registrant(p.PersonId, Joined(p.FamilyName, p.GivenName), Joined(p.FamilyNameKana, p.GivenNameKana),
                consents.GetValueOrDefault(p.PersonId) && !string.IsNullOrWhiteSpace(p.Phone) ? p.Phone : null))
            .ToList();
        await audit.RecordAsync(actor, AuditAction.LeaderViewRegistrants,
            AuditTarget.Of(session, session.Course!.Title, PeopleDates.ShortDate(clock.ToLocal(session.StartsAt), "ja")),
            $"{registrants.Count} registrants; phone shown for {registrants.Count(r => r.Phone is not null)}", cancellationToken);
        return registrants;
    }

    private static string Joined(string family, string given) => string.IsNullOrEmpty(given) ? family : $"{family} {given}";

    /// <summary>Never a session outside the group, whatever the page asked: the scope is checked before, and again here.</summary>
    private static void Check(LedGroup group, Session session)
    {
        if (session.Course is null || !group.Includes(session.Course))
            throw new InvalidOperationException($"Session {session.Id} is not a session of the group {group.Group}.");
    }

    private static GroupSession Line(Session session, IReadOnlyDictionary<int, (int Booked, int Waiting)> counts) =>
        new(session.Id, session.CourseId, session.Course!.Title, session.SequenceNumber, session.StartsAt, session.EndsAt,
            Session.VenueOf(session.Venue, session.Course.Venue), session.Status == SessionStatus.Cancelled,
            counts.GetValueOrDefault(session.Id).Booked, counts.GetValueOrDefault(session.Id).Waiting, session.Status, session.DecisionNote,
            session.ProposedStartsAt, session.ProposedEndsAt);

    /// <summary>Bookings covering each session (an activity is booked session by session), by one query over their courses.</summary>
    private async Task<IReadOnlyDictionary<int, (int Booked, int Waiting)>> CountsAsync(IReadOnlyList<Session> sessions, CancellationToken cancellationToken)
    {
        var courseIds = sessions.Select(s => s.CourseId).Distinct().ToList();
        var bookings = await db.Registrations.AsNoTracking().Where(r => courseIds.Contains(r.CourseId) && r.Status != RegistrationStatus.Cancelled)
            .Select(r => new { r.CourseId, r.Status, r.FromSession, r.UntilSession }).ToListAsync(cancellationToken);
        return sessions.ToDictionary(s => s.Id, s =>
        {
            var covering = bookings.Where(b => b.CourseId == s.CourseId && Registration.Covers(b.FromSession, b.UntilSession, s.SequenceNumber)).ToList();
            return (covering.Count(b => b.Status == RegistrationStatus.Confirmed), covering.Count(b => b.Status == RegistrationStatus.Waitlisted));
        });
    }
}
