using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Attendance;
using Training.Courses;
using Training.Data;
using Training.Notifications;
using Training.People;
using Training.Time;

namespace Training.Registrations;

/// <summary>
/// Tells people what happened to their registration: by email through the outbox, or, for someone without
/// email, as an entry on the coordinators' call list. Keys make each notice once-only.
/// </summary>
public class RegistrationNotifier(TrainingDbContext db, EmailOutbox outbox, CheckInPasses passes, SiteClock clock, SiteLinks links,
    Notifications.Channels.NoticeRouter router, Notifications.Channels.ChannelOutbox channels, Notifications.Channels.ChannelTexts channelTexts) : IEmailPreparation
{
    public Task RegisteredAsync(Registration registration, CancellationToken cancellationToken) =>
        NotifyAsync(registration, registration.Status == RegistrationStatus.Confirmed ? "registration-confirmed" : "registration-waitlisted",
            $"{registration.RegisteredAt.Ticks}", callIfNoEmail: false, cancellationToken);

    /// <summary>
    /// Someone submitted a public form for a course the person is already on: the person is told at the email on record
    /// (at most once a day), so a real resident who forgot learns their status and nobody else learns anything.
    /// </summary>
    public Task AlreadyRegisteredAsync(Registration registration, CancellationToken cancellationToken) =>
        NotifyAsync(registration, registration.Status == RegistrationStatus.Confirmed ? "registration-confirmed" : "registration-waitlisted",
            $"again:{clock.Today:yyyyMMdd}", callIfNoEmail: false, cancellationToken);

    /// <summary>A booking by the session now covers more sessions: the confirmation again, listing them.</summary>
    public Task ExtendedAsync(Registration registration, DateTime at, CancellationToken cancellationToken) =>
        NotifyAsync(registration, "registration-confirmed", $"extended:{at.Ticks}", callIfNoEmail: false, cancellationToken);

    public Task CancelledAsync(Registration registration, CancellationToken cancellationToken) =>
        NotifyAsync(registration, "registration-cancelled", $"{registration.CancelledAt?.Ticks}", callIfNoEmail: false, cancellationToken);

    /// <summary>Promotion is news the person did not ask for today: without email, a coordinator phones them.</summary>
    public Task PromotedAsync(Registration registration, CancellationToken cancellationToken) =>
        NotifyAsync(registration, "registration-promoted", $"{registration.PromotedAt?.Ticks}", callIfNoEmail: true, cancellationToken);

    public const string ToConfirmKind = "registration-to-confirm";

    /// <summary>A public booking held for the office to confirm: a call today to ask the person whether they made it.</summary>
    public async Task ToConfirmByPhoneAsync(Registration registration, CancellationToken cancellationToken)
    {
        var key = $"registration-to-confirm:{registration.Id}:{registration.AwaitingConfirmationSince?.Ticks}";
        var course = await db.Courses.AsNoTracking().Include(c => c.Program).FirstAsync(c => c.Id == registration.CourseId, cancellationToken);
        await CallList.AddAsync(db, new CallListEntry
        {
            IdempotencyKey = key, PersonId = registration.PersonId, Kind = ToConfirmKind,
            Message = $"申し込みフォームから{course.Program!.Name}（{course.Title}）の申し込みがありました（受付番号 {registration.BookingNumber}）。メールがない方なので、ご本人が申し込んだかお電話で確かめ、参加者のページで「ご本人の申し込みと確認した」か「ご本人の申し込みではない（取り消す）」を押してください。",
            MessageEn = $"{course.Program!.Name} ({course.Title}) was booked through the sign-up form (booking number {registration.BookingNumber}). They have no email: please check by phone that they made it, then press \"Confirmed: they made it\" or \"Not theirs: cancel it\" on their page.",
            DueOn = clock.Today, CreatedAt = clock.UtcNow,
        }, cancellationToken);
    }

    /// <summary>The held booking was confirmed or withdrawn: its call is done.</summary>
    public async Task CloseConfirmationCallAsync(Registration registration, string? staffId, CancellationToken cancellationToken)
    {
        var prefix = $"registration-to-confirm:{registration.Id}:";
        foreach (var call in await db.CallList.Where(c => c.IdempotencyKey.StartsWith(prefix) && c.DoneAt == null && !c.Cancelled).ToListAsync(cancellationToken))
        {
            call.DoneAt = clock.UtcNow;
            call.DoneByStaffId = staffId;
        }
    }

    private async Task NotifyAsync(Registration registration, string template, string occurrence, bool callIfNoEmail, CancellationToken cancellationToken)
    {
        var person = await db.People.FindAsync([registration.PersonId], cancellationToken)
            ?? throw new InvalidOperationException($"Person {registration.PersonId} not found");
        var key = $"{template}:{registration.Id}:{occurrence}";
        // By the resident's chosen channel (Notifications/Channels/NoticeChannels): email, LINE, SMS, or a call.
        var routed = await router.RouteAsync(person, cancellationToken);
        if (routed.Channel is Notifications.Channels.NoticeChannel.Line or Notifications.Channels.NoticeChannel.Sms)
        {
            await QueueOnChannelAsync(routed, person, registration, template, key, cancellationToken);
            return;
        }
        if (routed.Channel != Notifications.Channels.NoticeChannel.Email && !callIfNoEmail) return;

        if (routed.Channel == Notifications.Channels.NoticeChannel.Email)
        {
            // Only what to send is committed with the booking; the message and its QR pass are made after the commit
            // (RequestForAsync, from this key), so the seat's transaction and the request wait for neither.
            await outbox.QueueToPrepareAsync(new EmailIntent(key, template, person.Email!, person.FullName, EmailCategory.Essential, person.Id), cancellationToken);
            return;
        }
        var course = await db.Courses.AsNoTracking().Include(c => c.Program).FirstAsync(c => c.Id == registration.CourseId, cancellationToken);
        var toCome = ToCome(await ScheduledSessionsAsync(course.Id, cancellationToken), registration);
        await CallList.AddAsync(db, new CallListEntry
        {
            IdempotencyKey = key,
            PersonId = person.Id,
            Kind = template,
            Message = $"{course.Program!.Name}（{course.Title}）のキャンセル待ちから参加が決まりました。{When(toCome, course, "ja")}お電話でお伝えください。",
            MessageEn = $"{course.Program!.Name} ({course.Title}): a place came free and they are now booked from the waiting list. {When(toCome, course, "en")}Please tell them by phone.",
            DueOn = clock.Today,
            CreatedAt = clock.UtcNow,
        }, cancellationToken);
    }

    /// <summary>A notice by LINE or SMS: its text made now from the booking as it stands (no QR pass: the link to the page has it).</summary>
    private async Task QueueOnChannelAsync(Notifications.Channels.RoutedNotice routed, Person person, Registration registration, string template, string key,
        CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Include(c => c.Program).Include(c => c.Organisation).FirstAsync(c => c.Id == registration.CourseId, cancellationToken);
        var model = await NoticeModelAsync(person, course, await ScheduledSessionsAsync(course.Id, cancellationToken), registration, key, cancellationToken);
        var text = await channelTexts.TextAsync(routed.Channel, template, person.PreferredLanguage, model, model.MyUrl);
        await channels.QueueAsync(new Notifications.Channels.ChannelRequest(key, routed.Channel, person.Id, routed.Address!, text, template), cancellationToken);
    }

    /// <summary>The booking's model as a notice names it: the waiting place, and whether the key ({template}:{registration}:{occurrence}) is a repeat ("again:").</summary>
    private async Task<RegistrationEmail> NoticeModelAsync(Person person, Course course, List<Session> sessions, Registration registration, string key,
        CancellationToken cancellationToken) =>
        Model(person, course, sessions, registration) with
        {
            Position = registration.Status == RegistrationStatus.Waitlisted
                ? (await Registration.WaitlistPlaces(db.Registrations, [registration.Id], cancellationToken)).GetValueOrDefault(registration.Id)
                : null,
            Again = key.Split(':', 3)[2].StartsWith("again:", StringComparison.Ordinal),
        };

    private static readonly string[] Templates = ["registration-confirmed", "registration-waitlisted", "registration-cancelled", "registration-promoted"];

    public bool Prepares(string templateName) => Templates.Contains(templateName);

    /// <summary>
    /// The message a key committed by <see cref="NotifyAsync"/> names ({template}:{registration}:{occurrence}), built from
    /// the booking as it now stands, with the check-in pass for a confirmed one.
    /// </summary>
    public async Task<EmailRequest?> RequestForAsync(OutboundEmail email, CancellationToken cancellationToken)
    {
        var parts = email.IdempotencyKey.Split(':', 3);
        if (parts.Length < 3 || !int.TryParse(parts[1], out var registrationId)) return null;
        var registration = await db.Registrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId, cancellationToken);
        if (registration is null) return null;
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == registration.PersonId, cancellationToken);
        if (person is not { HasEmail: true }) return null;
        var course = await db.Courses.AsNoTracking().Include(c => c.Program).Include(c => c.Organisation)
            .FirstAsync(c => c.Id == registration.CourseId, cancellationToken);
        var sessions = await ScheduledSessionsAsync(course.Id, cancellationToken);
        var model = await NoticeModelAsync(person, course, sessions, registration, email.IdempotencyKey, cancellationToken);
        IReadOnlyList<EmailAttachment>? attachments = null;
        // A QR code for the door only when there is a door still to come: a booking typed in after its sessions gets none.
        if (registration.Status == RegistrationStatus.Confirmed && model.Sessions.Count > 0)
        {
            // The QR code a coordinator scans at the door; valid until the day after the last session.
            var expires = (sessions.Count > 0 ? sessions[^1].EndsAt : clock.UtcNow.AddYears(1)).AddDays(1);
            var pass = passes.For(registration.Id, expires);
            model = model with { CheckinUrl = pass.Url };
            attachments = [new EmailAttachment("checkin-qr.png", "image/png", null, pass.PngPath)];
        }
        return new EmailRequest(email.IdempotencyKey, email.TemplateName, person.PreferredLanguage, email.ToAddress, email.ToName,
            model, email.Category, person.Id, attachments);
    }

    private Task<List<Session>> ScheduledSessionsAsync(int courseId, CancellationToken cancellationToken) =>
        db.Sessions.AsNoTracking().Where(s => s.CourseId == courseId && s.Status == SessionStatus.Scheduled)
            .OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);

    /// <summary>The sessions of the booking still to come after it was made or promoted: what the person is told about.</summary>
    private List<Session> ToCome(List<Session> sessions, Registration registration)
    {
        var bookedAt = registration.PromotedAt ?? registration.RegisteredAt;
        return sessions.Where(registration.Covers).Where(s => s.EndsAt >= clock.UtcNow && s.StartsAt > bookedAt).ToList();
    }

    /// <summary>Most sessions a call-list entry reads out; the rest are counted.</summary>
    public const int SessionsReadOut = 3;

    /// <summary>
    /// What to read out on the phone: the day, time and place of each session to come (the first few, then how many
    /// more), so the caller need not look them up.
    /// </summary>
    private string When(List<Session> toCome, Course course, string language)
    {
        if (toCome.Count == 0) return "";
        var said = toCome.Take(SessionsReadOut).Select(s =>
        {
            var start = clock.ToLocal(s.StartsAt);
            var venue = Session.VenueOf(s.Venue, course.Venue);
            return language == "en"
                ? $"{PeopleDates.ShortDate(start, "en")} {PeopleDates.TimeRange(start, clock.ToLocal(s.EndsAt), "en")} at {venue}"
                : $"{PeopleDates.ShortDate(start, "ja")} {PeopleDates.TimeRange(start, clock.ToLocal(s.EndsAt), "ja")}　{venue}";
        }).ToList();
        var more = toCome.Count - said.Count;
        return language == "en"
            ? $"{(toCome.Count == 1 ? "Session" : "Sessions")}: {string.Join("; ", said)}{(more > 0 ? $"; and {more} more" : "")}. "
            : $"日時と場所：{string.Join("、", said)}{(more > 0 ? $"、ほか{more}回" : "")}。";
    }

    private RegistrationEmail Model(Person person, Course course, List<Session> sessions, Registration registration)
    {
        EmailSession Line(Session s)
        {
            var start = clock.ToLocal(s.StartsAt);
            return new EmailSession(s.SequenceNumber, PeopleDates.Date(start, "ja"), PeopleDates.Date(start, "en"),
                PeopleDates.TimeRange(start, clock.ToLocal(s.EndsAt), "ja"), Session.VenueOf(s.Venue, course.Venue), s.Topic);
        }
        var booked = sessions.Where(registration.Covers).ToList();
        var bookedAt = registration.PromotedAt ?? registration.RegisteredAt;
        return new RegistrationEmail(person.FullName, course.Program!.Name, course.Title, course.Venue,
            // Only what is still to come: a monthly club joined in November need not list the spring, nor a walk-in the
            // session they are at.
            ToCome(sessions, registration).Select(Line).ToList(),
            // The link in the email opens the page with this registration's outcome at the top.
            links.Absolute(SiteLinks.MyPage(person.AccessToken, registration.Id)), links.Absolute(SiteLinks.Course(course.Id)),
            BookingNumber: registration.BookingNumber)
        {
            // Sessions already begun when staff entered the booking (a paper form typed in late, a walk-in): said as
            // recorded, not as a day to look forward to. A resident booking a run under way needs only what is to come.
            Held = registration.RegisteredByStaffId is null ? [] : booked.Where(s => s.StartsAt <= bookedAt).Select(Line).ToList(),
            Office = EmailOffice.Of(course.Organisation),
        };
    }
}
