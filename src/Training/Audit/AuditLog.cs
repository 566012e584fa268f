using Training.Courses;
using Training.Data;
using Training.People;
using Training.Time;

namespace Training.Audit;

/// <summary>
/// What an audit row is about, in words: the kind and id to link to, the label a reader sees (a person's name, a
/// course's title, 「第2回 12月9日」), and the person and course it concerns so the log filters by them.
/// </summary>
public sealed record AuditTarget(string Type, string? Id, string Label, int? PersonId = null, int? CourseId = null)
{
    private static string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static AuditTarget Of(Person person) => new("Person", Key(person.Id), person.FullName, person.Id);
    public static AuditTarget OfPerson(int personId, string name) => new("Person", Key(personId), name, personId);
    public static AuditTarget Of(Course course) => new("Course", Key(course.Id), course.Title, CourseId: course.Id);
    public static AuditTarget Of(TrainingProgram program) => new("Program", Key(program.Id), program.Name);

    /// <summary>A session, labelled by its course, number and local date (the caller gives the date in words).</summary>
    public static AuditTarget Of(Session session, string courseTitle, string when) =>
        new("Session", Key(session.Id), $"{courseTitle} 第{session.SequenceNumber}回（{when}）", CourseId: session.CourseId);

    /// <summary>A booking: about its person and its course at once.</summary>
    public static AuditTarget OfBooking(int registrationId, int personId, string personName, int courseId, string courseTitle) =>
        new("Registration", Key(registrationId), $"{personName}（{courseTitle}）", personId, courseId);

    public static AuditTarget OfCertificate(int certificateId, string serial, int personId, string personName, int? courseId = null) =>
        new("Certificate", Key(certificateId), $"{serial} {personName}", personId, courseId);

    public static AuditTarget OfStaff(string staffUserId, string displayName) => new("StaffUser", staffUserId, displayName);

    public static AuditTarget OfSetting(string type, string? id, string label) => new(type, id, label);
}

/// <summary>
/// The one audit recorder: every change, view, print and export is written here, one row per action, inside the
/// caller's unit of work (so a rolled-back change leaves no row). <see cref="Actor.System"/> records what the
/// product did on its own (automatic certificates, promotions by a job).
/// </summary>
public class AuditLog(TrainingDbContext db, SiteClock clock, UnitOfWork unitOfWork)
{
    /// <summary>The longest target label a row keeps (the column's length).</summary>
    public const int LabelLength = 200;
    /// <summary>The longest details a row keeps (the column's length).</summary>
    public const int DetailsLength = 2000;
    /// <summary>What ends a text the log had to cut, so a reader knows there was more.</summary>
    public const string CutMark = "…";

    public void Record(Actor actor, AuditAction action, AuditTarget target, string details = "") => db.AuditEntries.Add(new AuditEntry
    {
        At = clock.UtcNow, StaffUserId = actor.StaffUserId, StaffUserName = actor.StaffUserName, Action = action.Code,
        EntityType = target.Type, EntityId = target.Id, TargetLabel = Cut(target.Label, LabelLength), PersonId = target.PersonId,
        CourseId = target.CourseId, Details = Cut(details, DetailsLength), RemoteAddress = actor.RemoteAddress,
    });

    /// <summary>
    /// Records what changes nothing else (a view, a print, an export) in a unit of its own, or in the caller's when one
    /// is running.
    /// </summary>
    public Task RecordAsync(Actor actor, AuditAction action, AuditTarget target, string details = "", CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(_ =>
        {
            Record(actor, action, target, details);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// The log's one length rule: a text longer than <paramref name="limit"/> keeps as much as fits with
    /// <see cref="CutMark"/> at the end (never half of a character outside the basic plane); a shorter one stays as it is.
    /// </summary>
    public static string Cut(string text, int limit)
    {
        if (text.Length <= limit) return text;
        var keep = limit - CutMark.Length;
        if (char.IsHighSurrogate(text[keep - 1])) keep--;
        return string.Concat(text.AsSpan(0, keep), CutMark);
    }
}
