using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Configuration;
using Training.Data;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.People;
using Training.Registrations;
using Training.Time;

namespace Training.Courses;

/// <summary>Who a change will tell, and how: by email, LINE, SMS, or a coordinator's phone call (each person's channel).</summary>
public sealed record Audience(int ByEmail, int ByPhone, int ByLine = 0, int BySms = 0)
{
    public static readonly Audience None = new(0, 0);
    /// <summary>How many names a confirmation shows before it counts the rest and links to the full list.</summary>
    public const int NamesShown = 20;
    public int Total => ByEmail + ByPhone + ByLine + BySms;
    /// <summary>Each person to be told, in the order the confirmation names them; empty where only counts were kept.</summary>
    public IReadOnlyList<Told> People { get; init; } = [];

    /// <summary>The people, counted by the channel each will be told on, named in the order given.</summary>
    public static Audience Of(IEnumerable<Told> people)
    {
        var list = people.ToList();
        return new Audience(list.Count(p => p.Channel == NoticeChannel.Email), list.Count(p => p.Channel == NoticeChannel.CallList),
            list.Count(p => p.Channel == NoticeChannel.Line), list.Count(p => p.Channel == NoticeChannel.Sms)) { People = list };
    }

    /// <summary>One more told on this channel (counting notices as they are queued).</summary>
    public Audience Plus(NoticeChannel channel) => channel switch
    {
        NoticeChannel.Email => this with { ByEmail = ByEmail + 1 },
        NoticeChannel.Line => this with { ByLine = ByLine + 1 },
        NoticeChannel.Sms => this with { BySms = BySms + 1 },
        _ => this with { ByPhone = ByPhone + 1 },
    };
}

/// <summary>One person a notice will reach, and the channel it will reach them on (their choice, or where it falls back).</summary>
public sealed record Told(int PersonId, string Name, NoticeChannel Channel);

/// <summary>What became of a correction of a run.</summary>
public abstract record CourseEdit
{
    public sealed record Saved(IReadOnlyList<string> Fields, int Promoted) : CourseEdit;
    public sealed record Invalid(IReadOnlyList<CourseProblem> Problems) : CourseEdit;
    /// <summary>More seats give places to people waiting, who will be told: staff confirm first.</summary>
    public sealed record NeedsConfirmation(int Promoted, Audience Audience) : CourseEdit;
    /// <summary>Fewer seats than people confirmed: refused, nobody is removed.</summary>
    public sealed record TooFewSeats(int Confirmed, int Short) : CourseEdit;
    /// <summary>Someone saved the run after the form was opened: nothing saved; these fields differ now.</summary>
    public sealed record Conflict(IReadOnlyList<string> Fields) : CourseEdit;
    public sealed record NotFound : CourseEdit;
}

/// <summary>
/// Corrections of a run after it was created — its name, description, venue, instructor, window, district and seats —
/// and the cancellation of the whole run, each with what follows: more seats promote people waiting in their order
/// (they are told by email or phone); fewer seats than confirmed people are refused; a cancelled run cancels its
/// sessions still to come and tells everyone registered. Attendance and completions are never touched. Audited.
/// </summary>
public class CourseChanges(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, RegistrationNotifier notifier, NoticeRouter router, NoticeSender notices,
    SessionMessages messages, SiteLinks links, SiteClock clock)
{
    /// <param name="confirmedPromotions">How many promotions staff confirmed telling people about, when asked.</param>
    /// <param name="cityWideAllowed">Whether the author works city-wide (else a city-wide course would be out of their reach).</param>
    public Task<CourseEdit> EditAsync(int courseId, CourseInput input, CourseInput original, DateTime version, IReadOnlyCollection<int> areaChoices,
        Actor actor, int? confirmedPromotions, CancellationToken cancellationToken = default, bool cityWideAllowed = true)
    {
        var problems = input.Problems(areaChoices, cityWideAllowed).ToList();
        if (problems.Count > 0) return Task.FromResult<CourseEdit>(new CourseEdit.Invalid(problems));
        var details = input.ToDetails(clock);

        return unitOfWork.RunAsync<CourseEdit>(async ct =>
        {
            await unitOfWork.LockAsync(LockScope.CourseSeats, courseId, ct);
            var course = await db.Courses.FirstOrDefaultAsync(c => c.Id == courseId, ct);
            if (course is null) return new CourseEdit.NotFound();
            if (course.UpdatedAt != version) return new CourseEdit.Conflict(CourseInput.DifferingFields(original, CourseInput.From(course, clock)));

            var seated = await db.Registrations.CountAsync(r => r.CourseId == courseId && r.Status == RegistrationStatus.Confirmed, ct);
            var waiting = await db.Registrations.CountAsync(r => r.CourseId == courseId && r.Status == RegistrationStatus.Waitlisted, ct);
            if (Course.SeatsShort(details.Capacity, seated) is > 0 and var shortBy) return new CourseEdit.TooFewSeats(seated, shortBy);
            var promoted = await Registration.WaitingQueue(db.Registrations, courseId).Include(r => r.Person)
                .Take(Course.SeatsFreed(details.Capacity, seated, waiting)).ToListAsync(ct);
            // Confirmed for exactly these people: a seat count changed again after the question is asked again.
            // Named in the order they were waiting, which is the order they get their seats.
            if (promoted.Count > 0 && confirmedPromotions != promoted.Count) return new CourseEdit.NeedsConfirmation(promoted.Count, await router.AudienceAsync(promoted.Select(r => r.Person!), ct));

            var changes = course.Correct(details);
            if (changes.Count == 0) return new CourseEdit.Saved([], 0);
            var now = clock.UtcNow;
            foreach (var registration in promoted) registration.Promote(now);
            audit.Record(actor, AuditAction.CourseEdit, AuditTarget.Of(course), string.Join("; ", changes.Select(c => $"{c.Field}: {Short(c.Before)} → {Short(c.After)}")));
            await db.SaveChangesAsync(ct);
            foreach (var registration in promoted) await notifier.PromotedAsync(registration, ct);
            return new CourseEdit.Saved(changes.Select(c => c.Field).ToList(), promoted.Count);
        }, outcome => outcome is CourseEdit.Saved, cancellationToken);
    }

    /// <summary>
    /// Everyone a cancellation of the run would tell: all still registered (waiting too) — of an activity booked by the
    /// session, those booked for a session still to come.
    /// </summary>
    public async Task<Audience> CancellationAudienceAsync(int courseId, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        var toCome = await db.Sessions.Where(s => s.CourseId == courseId && s.Status == SessionStatus.Scheduled && s.StartsAt > now)
            .Select(s => s.SequenceNumber).ToListAsync(cancellationToken);
        var registrants = await Registrants(courseId).ToListAsync(cancellationToken);
        return await router.AudienceAsync(registrants.Where(r => Concerned(r, toCome)).Select(r => r.Person!).OrderBy(p => p.KanaSortKey, StringComparer.Ordinal).ThenBy(p => p.Id),
            cancellationToken);
    }

    /// <summary>Whether the cancellation of these sessions concerns the booking (a whole-run booking always).</summary>
    private static bool Concerned(Registration registration, IReadOnlyCollection<int> cancelled) =>
        registration.FromSession is null || cancelled.Any(registration.Covers);

    /// <returns>How many were told by email and put on the call list; null when the run was cancelled already.</returns>
    public Task<Audience?> CancelAsync(int courseId, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync<Audience?>(async ct =>
        {
            await unitOfWork.LockAsync(LockScope.CourseSeats, courseId, ct);
            var course = await db.Courses.Include(c => c.Program).Include(c => c.Organisation).Include(c => c.Sessions).FirstOrDefaultAsync(c => c.Id == courseId, ct)
                ?? throw new KeyNotFoundException($"Course {courseId}");
            var now = clock.UtcNow;
            if (course.Status == CourseStatus.Cancelled) return null;
            var cancelled = course.Cancel(reason, now);
            var sessionIds = cancelled.Select(s => s.Id).ToList();
            // Reminders for sessions that will not happen are withdrawn; the notice below replaces them.
            await PendingNotices.WithdrawAsync(db, sessionIds, remindersOnly: false, ct);
            audit.Record(actor, AuditAction.CourseCancel, AuditTarget.Of(course), reason.Trim());
            await db.SaveChangesAsync(ct);

            var told = Audience.None;
            var sessions = cancelled.OrderBy(s => s.StartsAt).Select(s =>
            {
                var start = clock.ToLocal(s.StartsAt);
                return new EmailSession(s.SequenceNumber, PeopleDates.Date(start, "ja"), PeopleDates.Date(start, "en"),
                    PeopleDates.TimeRange(start, clock.ToLocal(s.EndsAt), "ja"), Session.VenueOf(s.Venue, course.Venue), s.Topic);
            }).ToList();
            var cancelledNumbers = cancelled.Select(s => s.SequenceNumber).ToList();
            foreach (var registration in (await Registrants(courseId).ToListAsync(ct)).Where(r => Concerned(r, cancelledNumbers)))
            {
                var person = registration.Person!;
                var key = $"course-cancelled:{courseId}:{person.Id}";
                var myPage = links.Absolute(SiteLinks.MyPage(person.AccessToken));
                var model = new CourseCancelledEmail(person.FullName, course.Program!.Name, course.Title, course.CancelReason ?? "", sessions.Where(s => registration.Covers(s.Number)).ToList(),
                    myPage, links.Absolute(SiteLinks.ScheduleHome), registration.BookingNumber)
                    { Office = Notifications.EmailOffice.Of(course.Organisation) };
                var sent = await notices.SendAsync(person, new Notice(key, "course-cancelled", model, EmailCategory.Essential, myPage), cancellationToken: ct);
                if (sent.Queued) told = told.Plus(sent.Channel);
                if (!sent.ToCall) continue;
                var first = cancelled.Where(registration.Covers).OrderBy(s => s.StartsAt).FirstOrDefault();
                if (await CallList.AddAsync(db, new CallListEntry
                {
                    IdempotencyKey = key, PersonId = person.Id, SessionId = first?.Id, Kind = "course-cancelled", Urgent = true,
                    Message = $"【至急】{course.Program!.Name}（{course.Title}）は中止になりました（{course.CancelReason}）。"
                        + (first is null ? "" : $"次の予定だった {messages.CallLine(first, course)} から、すべて行いません。"),
                    MessageEn = $"{course.Program!.Name} ({course.Title}) is cancelled ({course.CancelReason})."
                        + (first is null ? "" : $" Nothing will take place from the next session, {messages.CallLine(first, course, "en")}, on."),
                    DueOn = clock.Today, CreatedAt = now,
                }, ct) > 0)
                    told = told.Plus(NoticeChannel.CallList);
            }
            return told;
        }, cancellationToken);

    private IQueryable<Registration> Registrants(int courseId) => Registration.ToTell(db.Registrations.AsNoTracking(), courseId);

    private static string Short(string value) => value is "" ? "—" : value.Length > 80 ? value[..80] + "…" : value;
}
