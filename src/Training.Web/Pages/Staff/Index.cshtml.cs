using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Notifications;
using Training.Registrations;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff;

/// <summary>The coordinator's start page: what is coming up, what needs doing, and whether email is flowing.</summary>
public class IndexModel(TrainingDbContext db, SiteClock clock, StaffScope scope, Training.Attendance.CompletionService completions, SessionReminders reminders) : PageModel
{
    public int UpcomingSessionCount { get; private set; }
    public int PeopleCount { get; private set; }
    public int PeopleWithoutEmailCount { get; private set; }
    public int PendingEmailCount { get; private set; }
    public int FailedEmailCount { get; private set; }
    public int AttendanceMissingCount { get; private set; }
    public IReadOnlyList<SessionRow> NextSessions { get; private set; } = [];
    public string? DisplayName { get; private set; }
    public IReadOnlyList<AtRisk> AtRiskParticipants { get; private set; } = [];
    public IReadOnlyList<SessionRow> Today { get; private set; } = [];
    public int CompletionsToReview { get; private set; }
    /// <summary>Activity records helpers typed on their own page, waiting for a coordinator of the activity's district.</summary>
    public int PendingActivityRecords { get; private set; }
    /// <summary>Completions whose certificate could not be made (a character no font has, a layout that cannot be used).</summary>
    public int CertificatesBlocked { get; private set; }
    /// <summary>All people held (not only this coordinator's), for the personal-information file register notice.</summary>
    public int PeopleHeld { get; private set; }

    public record AtRisk(int PersonId, string Name, string Kana, int CourseId, string Program, string Course, int Attended, int Required);

    /// <summary>A contact offered on the public form for someone on record (a daughter booking her mother), with the
    /// bookings made with it: the office checks by the number on record before anything changes.</summary>
    public record ContactToCheck(int PersonId, string Name, string Kana, string? OnRecordPhone, string? OfferedEmail, string? OfferedPhone, DateTime SubmittedAt,
        IReadOnlyList<string> Bookings);

    public IReadOnlyList<ContactToCheck> ContactsToCheck { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var horizon = now.AddDays(30);
        var areas = await scope.AreaIdsAsync(cancellationToken);
        var sessions = db.Sessions.AsNoTracking().Where(s => s.Status == SessionStatus.Scheduled && s.Course!.Status != CourseStatus.Cancelled);
        var people = db.People.AsNoTracking().Where(p => p.AnonymisedAt == null);
        if (areas.Count > 0)
        {
            sessions = sessions.Where(s => s.Course!.AreaId != null && areas.Contains(s.Course.AreaId.Value));
            people = people.Within(db, areas);
        }

        UpcomingSessionCount = await sessions.CountAsync(s => s.StartsAt >= now && s.StartsAt < horizon, cancellationToken);
        AttendanceMissingCount = await sessions.CountAsync(s => s.EndsAt < now && s.AttendanceTakenAt == null, cancellationToken);
        PeopleCount = await people.CountAsync(cancellationToken);
        PeopleHeld = areas.Count == 0 ? PeopleCount : await db.People.CountAsync(p => p.AnonymisedAt == null, cancellationToken);
        PeopleWithoutEmailCount = await people.CountAsync(p => p.Email == null || p.Email == "", cancellationToken);
        PendingEmailCount = await db.OutboundEmails.CountAsync(e => e.Status == EmailStatus.Pending || e.Status == EmailStatus.Sending || e.Status == EmailStatus.Preparing, cancellationToken);
        FailedEmailCount = await db.OutboundEmails.CountAsync(e => e.Status == EmailStatus.Failed, cancellationToken);
        var pendingRecords = db.ActivityRecords.Where(r => r.Status == Training.Activities.RecordStatus.Pending && r.CancelledAt == null);
        if (areas.Count > 0) pendingRecords = pendingRecords.Where(r => r.LocalActivity!.AreaId != null && areas.Contains(r.LocalActivity.AreaId.Value));
        PendingActivityRecords = await pendingRecords.CountAsync(cancellationToken);
        DisplayName = await db.Users.Where(u => u.Id == scope.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        var offers = await db.ContactChangeRequests.AsNoTracking()
            .Where(r => r.ResolvedAt == null && r.MergedFromPersonId == null && people.Any(p => p.Id == r.PersonId))
            .OrderBy(r => r.SubmittedAt).Take(20)
            .Select(r => new { r.PersonId, r.Person!.FamilyName, r.Person.GivenName, r.Person.FamilyNameKana, r.Person.GivenNameKana, r.Person.Phone, r.Email, OfferedPhone = r.Phone, r.SubmittedAt })
            .ToListAsync(cancellationToken);
        var offeredIds = offers.Select(o => o.PersonId).ToList();
        // The bookings made with the offer: on the public form a few seconds either side of it.
        var bookings = await db.Registrations.AsNoTracking().Where(r => offeredIds.Contains(r.PersonId) && r.Status != RegistrationStatus.Cancelled)
            .Select(r => new { r.Id, r.PersonId, r.RegisteredAt, Program = r.Course!.Program!.Name, r.Course.Title }).ToListAsync(cancellationToken);
        ContactsToCheck = offers.Select(o => new ContactToCheck(o.PersonId, $"{o.FamilyName} {o.GivenName}".Trim(), $"{o.FamilyNameKana} {o.GivenNameKana}".Trim(), o.Phone,
            o.Email, o.OfferedPhone, clock.ToLocal(o.SubmittedAt),
            bookings.Where(b => b.PersonId == o.PersonId && Math.Abs((b.RegisteredAt - o.SubmittedAt).TotalMinutes) < 5)
                .Select(b => $"{b.Program}（{b.Title}）{Training.Registrations.BookingNumber.For(b.Id)}").ToList())).ToList();

        var todayStart = clock.StartOfDayUtc(clock.Today);
        var rows = await sessions.Where(s => s.StartsAt >= todayStart)
            .OrderBy(s => s.StartsAt).Take(12)
            .Select(s => new
            {
                s.Id, s.CourseId, s.StartsAt, s.EndsAt, s.SequenceNumber, s.Venue, CourseVenue = s.Course!.Venue, Program = s.Course!.Program!.Name, Course = s.Course.Title, s.Course.Capacity,
                // Those booked for this session: a club booked by the session counts only the bookings covering it
                // (Registration.Covers, written out: here the session number is a column, not a value).
                Confirmed = db.Registrations.Count(r => r.CourseId == s.CourseId && r.Status == RegistrationStatus.Confirmed
                    && (r.FromSession == null || r.FromSession <= s.SequenceNumber) && (r.UntilSession == null || r.UntilSession >= s.SequenceNumber)),
                Waitlisted = db.Registrations.Count(r => r.CourseId == s.CourseId && r.Status == RegistrationStatus.Waitlisted
                    && (r.FromSession == null || r.FromSession <= s.SequenceNumber) && (r.UntilSession == null || r.UntilSession >= s.SequenceNumber)),
            })
            .ToListAsync(cancellationToken);
        // The same people the call list will show for each session: the reminders' own rule, by each resident's chosen channel.
        var toPhone = await reminders.CallCountsAsync(rows.Select(r => r.Id).ToList(), cancellationToken);
        await LoadEarlyWarningsAsync(areas, now, cancellationToken);
        var all = rows.Select(r => new SessionRow(r.Id, r.CourseId, clock.ToLocal(r.StartsAt), clock.ToLocal(r.EndsAt), r.Program, r.Course, r.SequenceNumber,
            Session.VenueOf(r.Venue, r.CourseVenue), r.Confirmed, r.Capacity, r.Waitlisted, toPhone.GetValueOrDefault(r.Id))).ToList();
        // Today's sessions come first, with the roster one tap away; the rest are what is coming.
        Today = all.Where(r => DateOnly.FromDateTime(r.Start) == clock.Today).ToList();
        NextSessions = all.Where(r => r.Start >= clock.ToLocal(now) && DateOnly.FromDateTime(r.Start) != clock.Today).Take(10).ToList();
    }

    /// <summary>Participants of running certificate courses who can no longer meet the completion rule.</summary>
    private async Task LoadEarlyWarningsAsync(IReadOnlyList<int> areas, DateTime now, CancellationToken cancellationToken)
    {
        var courses = db.Courses.AsNoTracking()
            .Where(c => c.Status != CourseStatus.Cancelled && c.Program!.Kind == ProgramKind.CertificateProgram)
            .Where(c => c.Sessions.Any(s => s.StartsAt > now.AddDays(-120)));
        if (areas.Count > 0) courses = courses.Where(c => c.AreaId != null && areas.Contains(c.AreaId.Value));
        var running = await courses.Select(c => new { c.Id, Program = c.Program!.Name, c.Title }).ToListAsync(cancellationToken);
        var atRisk = new List<AtRisk>();
        foreach (var course in running)
        {
            var assessments = await completions.AssessCourseAsync(course.Id, cancellationToken);
            var ids = assessments.Where(a => !a.Value.CanStillComplete).Select(a => a.Key).ToList();
            if (ids.Count == 0) continue;
            var people = await db.Registrations.AsNoTracking().Where(r => ids.Contains(r.Id))
                .Select(r => new { r.Id, r.PersonId, r.Person!.FamilyName, r.Person.GivenName, r.Person.FamilyNameKana, r.Person.GivenNameKana, r.Person.KanaSortKey })
                .OrderBy(p => p.KanaSortKey).ToListAsync(cancellationToken);
            atRisk.AddRange(people.Select(p => new AtRisk(p.PersonId, $"{p.FamilyName} {p.GivenName}".Trim(), $"{p.FamilyNameKana} {p.GivenNameKana}".Trim(),
                course.Id, course.Program, course.Title, assessments[p.Id].Attended, assessments[p.Id].Required)));
        }
        AtRiskParticipants = atRisk;
        CompletionsToReview = await db.Completions.CountAsync(c => c.Status == Training.Attendance.CompletionStatus.NeedsReview, cancellationToken);
        CertificatesBlocked = await db.Completions.CountAsync(c => c.CertificateProblem != null && c.Status == Training.Attendance.CompletionStatus.Completed
            && !db.Certificates.Any(x => x.CompletionId == c.Id), cancellationToken);
    }

    public record SessionRow(int Id, int CourseId, DateTime Start, DateTime End, string Program, string Course, int Number, string Venue,
        int Confirmed, int Capacity, int Waitlisted, int ToPhone);
}
