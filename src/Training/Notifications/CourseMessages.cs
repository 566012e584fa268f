using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Configuration;
using Training.Courses;
using Training.Data;
using Training.Notifications.Channels;
using Training.People;
using Training.Registrations;
using Training.Text;
using Training.Time;

namespace Training.Notifications;

/// <summary>
/// A coordinator's message to everyone booked on a course, or on one session of it, as typed: a subject and a body,
/// with the limits an email and a call read out on the phone allow.
/// </summary>
public sealed partial record CourseMessageDraft(string? Subject, string? Body, bool IncludeWaiting)
{
    /// <summary>A subject fits a phone's mail list without being cut off in most programs.</summary>
    public const int SubjectLimit = 100;
    /// <summary>About three minutes read aloud on the phone; the call list holds it with the course's name in 2,000 characters.</summary>
    public const int BodyLimit = 1000;

    public string SubjectText => (Subject ?? "").Trim();
    /// <summary>The body with its line breaks as \n and no blank lines at either end.</summary>
    public string BodyText => (Body ?? "").ReplaceLineEndings("\n").Trim('\n', ' ', '\t', '　');

    /// <summary>The body line by line, as the email shows it.</summary>
    public IReadOnlyList<string> Lines => BodyText.Split('\n').Select(l => l.TrimEnd()).ToList();

    /// <summary>The body on one line, for the call list.</summary>
    public string OneLine => string.Join("　", Lines.Where(l => l.Trim().Length > 0).Select(l => l.Trim()));

    /// <summary>What is wrong with the message, by field (<see cref="Subject"/>, <see cref="Body"/>); empty when it may be sent.</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (SubjectText.Length == 0) yield return (nameof(Subject), Messages.SubjectMissing);
        else if (SubjectText.Length > SubjectLimit) yield return (nameof(Subject), Messages.SubjectTooLong);
        else if (PrintableText.Problem(SubjectText) is { } subjectProblem) yield return (nameof(Subject), subjectProblem);
        if (BodyText.Trim().Length == 0) yield return (nameof(Body), Messages.BodyMissing);
        else if (BodyText.Length > BodyLimit) yield return (nameof(Body), Messages.BodyTooLong);
        else if (PrintableText.Problem(BodyText, lines: true) is { } bodyProblem) yield return (nameof(Body), bodyProblem);
    }

    /// <summary>Whether a form's one-time token is one this product made (<see cref="Tokens.New"/>): it names the message in every key.</summary>
    public static bool IsToken(string? token) => token is not null && TokenPattern().IsMatch(token);

    [GeneratedRegex("^[A-Za-z0-9_-]{20,64}$")]
    private static partial Regex TokenPattern();

    /// <summary>The messages, in Japanese; every one has its English in the site's resources.</summary>
    public static class Messages
    {
        public const string SubjectMissing = "件名を入力してください。";
        public const string SubjectTooLong = "件名は100文字以内で入力してください。";
        public const string BodyMissing = "本文を入力してください。";
        public const string BodyTooLong = "本文は1000文字以内で入力してください。";
        public const string NobodyToTell = "お知らせする方がいません（この講座・回に申し込んでいる方がいません）。";
        public const string AlreadySent = "このお知らせはもう送りました。同じお知らせが2回届くことはありません。";
        public const string AudienceChanged = "確かめている間に、お知らせする方が変わりました。もう一度確かめてから送ってください。";
        public const string FormExpired = "この画面は古くなっています。もう一度書いてください。";

        public static IEnumerable<string> All => typeof(Messages).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
    }
}

/// <summary>One person a message will reach, and how: by their notice channel (<see cref="NoticeRouter"/>) — email, LINE, SMS — or on the call list.</summary>
public sealed record MessageRecipient(Person Person, int RegistrationId, RegistrationStatus Status, int? FromSession, int? UntilSession, RoutedNotice Route)
{
    public int PersonId => Person.Id;
    public string Name => Person.FullName;
    public string Kana => Person.FullNameKana;
    public string? Phone => Person.Phone;
    public NoticeChannel Channel => Route.Channel;
    public bool Covers(int sequenceNumber) => Registration.Covers(FromSession, UntilSession, sequenceNumber);
}

/// <summary>Who a message about a course (or one session of it) reaches, in furigana order.</summary>
public sealed record MessageAudience(Course Course, Session? Session, IReadOnlyList<MessageRecipient> People)
{
    public IReadOnlyList<MessageRecipient> By(NoticeChannel channel) => People.Where(p => p.Channel == channel).ToList();
    public IReadOnlyList<MessageRecipient> ByEmail => By(NoticeChannel.Email);
    public IReadOnlyList<MessageRecipient> ByPhone => By(NoticeChannel.CallList);

    /// <summary>
    /// The people confirmed and the channel each was shown with, as the confirmation form carries them: a send to anyone
    /// else, or to someone whose channel changed since (they chose SMS, unlinked LINE), is asked again.
    /// </summary>
    public string Fingerprint => string.Join(",", People.OrderBy(p => p.PersonId).Select(p => $"{p.PersonId}:{p.Channel}"));
}

/// <summary>What became of sending a message.</summary>
public abstract record CourseMessageOutcome
{
    public sealed record Sent(int Emails, int Line, int Sms, int Calls) : CourseMessageOutcome;
    public sealed record Invalid(IReadOnlyList<(string Field, string Message)> Problems) : CourseMessageOutcome;
    public sealed record NobodyToTell : CourseMessageOutcome;
    /// <summary>This very message (its form's token) was sent already: nothing is sent twice.</summary>
    public sealed record AlreadySent : CourseMessageOutcome;
    /// <summary>Someone booked or cancelled since the confirmation: nothing sent, the new audience to confirm.</summary>
    public sealed record AudienceChanged(MessageAudience Audience) : CourseMessageOutcome;
    public sealed record NotFound : CourseMessageOutcome;
}

/// <summary>
/// Sends a coordinator's message to everyone booked on a course or one of its sessions (waiting too, when asked):
/// by each person's channel through <see cref="NoticeSender"/> (course-message, with the course's facts and office:
/// email, LINE or SMS), or as an entry on the call list for those no channel reaches or who chose a call. Every
/// message and call is keyed by the form's one-time token, so a double submit sends nothing twice; the send is refused
/// when the people, or the channel of any of them, differ from those the coordinator confirmed. Audited with the count
/// by channel. Staff scope is the caller's to check.
/// </summary>
public class CourseMessages(TrainingDbContext db, UnitOfWork unitOfWork, NoticeRouter router, NoticeSender sender, AuditLog audit, SiteLinks links, SiteClock clock)
{
    public const string Kind = "course-message";

    /// <summary>Those the message would reach; null when the course, or the session on it, does not exist.</summary>
    public async Task<MessageAudience?> AudienceAsync(int courseId, int? sessionId, bool includeWaiting, CancellationToken cancellationToken = default)
    {
        var course = await db.Courses.AsNoTracking().Include(c => c.Program).Include(c => c.Organisation).Include(c => c.Sessions)
            .FirstOrDefaultAsync(c => c.Id == courseId, cancellationToken);
        if (course is null) return null;
        Session? session = null;
        if (sessionId is { } id && (session = course.Sessions.FirstOrDefault(s => s.Id == id)) is null) return null;
        var registrations = db.Registrations.AsNoTracking()
            .Where(r => r.CourseId == courseId && r.Person!.AnonymisedAt == null
                && (r.Status == RegistrationStatus.Confirmed || (includeWaiting && r.Status == RegistrationStatus.Waitlisted)));
        if (session is not null) registrations = registrations.Where(Registration.Covering(session.SequenceNumber));
        var booked = await registrations.Select(r => new { r.Id, r.Person, r.Status, r.FromSession, r.UntilSession }).ToListAsync(cancellationToken);
        var people = new List<MessageRecipient>(booked.Count);
        var routes = await router.RouteManyAsync(booked.Select(r => r.Person!).ToList(), cancellationToken);
        foreach (var r in booked.OrderBy(r => r.Person!.KanaSortKey, StringComparer.Ordinal).ThenBy(r => r.Person!.Id))
            people.Add(new MessageRecipient(r.Person!, r.Id, r.Status, r.FromSession, r.UntilSession, routes[r.Person!.Id]));
        return new MessageAudience(course, session, people);
    }

    /// <param name="token">The form's one-time token: the message's name in every idempotency key.</param>
    /// <param name="confirmed">The <see cref="MessageAudience.Fingerprint"/> the coordinator saw on the confirmation.</param>
    public async Task<CourseMessageOutcome> SendAsync(int courseId, int? sessionId, CourseMessageDraft draft, string token, string? confirmed, Actor actor,
        CancellationToken cancellationToken = default)
    {
        var problems = draft.Problems().ToList();
        if (!CourseMessageDraft.IsToken(token)) problems.Add((nameof(CourseMessageDraft.Body), CourseMessageDraft.Messages.FormExpired));
        if (problems.Count > 0) return new CourseMessageOutcome.Invalid(problems);
        var audience = await AudienceAsync(courseId, sessionId, draft.IncludeWaiting, cancellationToken);
        if (audience is null) return new CourseMessageOutcome.NotFound();
        var prefix = $"{Kind}:{courseId}:{sessionId ?? 0}:{token}:";
        if (await SentAlreadyAsync(prefix, cancellationToken)) return new CourseMessageOutcome.AlreadySent();
        if (audience.People.Count == 0) return new CourseMessageOutcome.NobodyToTell();
        if (audience.Fingerprint != confirmed) return new CourseMessageOutcome.AudienceChanged(audience);

        // Rendered before the unit of work, so the write gate is not held while templates run.
        var now = clock.UtcNow;
        var notices = new List<PreparedNotice>();
        foreach (var person in audience.People.Where(p => p.Channel != NoticeChannel.CallList))
        {
            var model = EmailModel(audience, person, draft, now);
            notices.Add(await sender.PrepareAsync(person.Person,
                new Notice(prefix + person.PersonId, Kind, model, EmailCategory.Essential, model.MyUrl, sessionId), person.Route));
        }

        return await unitOfWork.RunAsync<CourseMessageOutcome>(async ct =>
        {
            // Two submits of one form queue behind each other here; the second finds the first's rows.
            await unitOfWork.LockAsync(LockScope.CourseSeats, courseId, ct);
            if (await SentAlreadyAsync(prefix, ct)) return new CourseMessageOutcome.AlreadySent();
            var sent = await sender.QueueManyAsync(notices, ct);
            var calls = 0;
            foreach (var person in audience.ByPhone)
                calls += await CallList.AddAsync(db, new CallListEntry
                {
                    IdempotencyKey = prefix + person.PersonId, PersonId = person.PersonId, SessionId = sessionId, CourseId = courseId, Kind = Kind,
                    Message = CallMessage(audience, draft, "ja"), MessageEn = CallMessage(audience, draft, "en"), DueOn = clock.Today, CreatedAt = now,
                }, ct);
            var target = audience.Session is { } session
                ? AuditTarget.Of(session, audience.Course.Title, PeopleDates.Date(clock.ToLocal(session.StartsAt), "ja"))
                : AuditTarget.Of(audience.Course);
            audit.Record(actor, AuditAction.CourseMessage, target with { Label = $"{audience.Course.Program!.Name} {target.Label}" },
                $"件名：{draft.SubjectText}／メール {sent[NoticeChannel.Email]}人、LINE {sent[NoticeChannel.Line]}人、SMS {sent[NoticeChannel.Sms]}人、電話連絡リスト {calls}人"
                + (draft.IncludeWaiting ? "（キャンセル待ちの方を含む）" : ""));
            return new CourseMessageOutcome.Sent(sent[NoticeChannel.Email], sent[NoticeChannel.Line], sent[NoticeChannel.Sms], calls);
        }, outcome => outcome is CourseMessageOutcome.Sent, cancellationToken);
    }

    private async Task<bool> SentAlreadyAsync(string prefix, CancellationToken cancellationToken) =>
        await db.OutboundEmails.AnyAsync(e => e.IdempotencyKey.StartsWith(prefix), cancellationToken)
        || await db.OutboundMessages.AnyAsync(m => m.IdempotencyKey.StartsWith(prefix), cancellationToken)
        || await db.CallList.AnyAsync(c => c.IdempotencyKey.StartsWith(prefix), cancellationToken);

    private CourseMessageEmail EmailModel(MessageAudience audience, MessageRecipient person, CourseMessageDraft draft, DateTime now)
    {
        var course = audience.Course;
        // The session the message is about; for the whole course, the person's booked sessions still to come.
        var sessions = audience.Session is { } one ? [one]
            : course.Sessions.Where(s => s.Status == SessionStatus.Scheduled && s.EndsAt > now && person.Covers(s.SequenceNumber)).OrderBy(s => s.StartsAt).ToList();
        return new CourseMessageEmail(person.Name, course.Program!.Name, course.Title, draft.SubjectText, draft.Lines,
            sessions.Select(s =>
            {
                var start = clock.ToLocal(s.StartsAt);
                return new EmailSession(s.SequenceNumber, PeopleDates.Date(start, "ja"), PeopleDates.Date(start, "en"),
                    PeopleDates.TimeRange(start, clock.ToLocal(s.EndsAt), "ja"), Session.VenueOf(s.Venue, course.Venue), s.Topic);
            }).ToList(),
            audience.Session is not null, links.Absolute(SiteLinks.MyPage(person.Person.AccessToken)), links.Absolute(SiteLinks.Course(course.Id)),
            BookingNumber.For(person.RegistrationId), person.Status == RegistrationStatus.Waitlisted)
        { Office = EmailOffice.Of(course.Organisation) };
    }

    /// <summary>What the caller reads out: which course (and session) the message is from, its subject and its whole text.</summary>
    private string CallMessage(MessageAudience audience, CourseMessageDraft draft, string language)
    {
        var course = audience.Course;
        var session = audience.Session;
        var when = session is null ? "" : PeopleDates.ShortDate(clock.ToLocal(session.StartsAt), language);
        return language == "en"
            ? $"Message about {course.Program!.Name} ({course.Title}){(session is null ? "" : $", session {session.SequenceNumber} on {when}")}: {draft.SubjectText} — {draft.OneLine}"
            : $"{course.Program!.Name}（{course.Title}）{(session is null ? "" : $"第{session.SequenceNumber}回（{when}）")}のお知らせ：{draft.SubjectText}　{draft.OneLine}";
    }
}
