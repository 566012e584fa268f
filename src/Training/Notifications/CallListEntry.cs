using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.People;

namespace Training.Notifications;

/// <summary>
/// A phone call a coordinator should make instead of an email, for a person without email.
/// Keyed like the outbox so a reminder is listed once however often the sweep runs.
/// </summary>
public class CallListEntry
{
    public long Id { get; set; }
    public required string IdempotencyKey { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public int? SessionId { get; set; }
    /// <summary>The course the call is about when it names no one session (a message to a course's participants): its
    /// coordinators see the call, and the caller names its office.</summary>
    public int? CourseId { get; set; }
    public required string Kind { get; set; }
    public required string Message { get; set; }
    /// <summary>The same message in English, for staff who read the product in English (empty on entries made before it).</summary>
    public string MessageEn { get; set; } = "";

    /// <summary>The message in the reader's language.</summary>
    public string MessageIn(string language) => language == "en" && MessageEn.Length > 0 ? MessageEn : Message;
    /// <summary>The local date the call is due on.</summary>
    public DateOnly DueOn { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DoneAt { get; set; }
    public string? DoneByStaffId { get; set; }
    public string? Note { get; set; }
    public bool Cancelled { get; set; }
    /// <summary>A cancelled or moved session: call first.</summary>
    public bool Urgent { get; set; }
    /// <summary>After 不在: when to call again (UTC). The entry is listed on that day, in the order of this time.</summary>
    public DateTime? CallBackAt { get; set; }
    /// <summary>Every call made for this entry (<see cref="CallAttempt"/>), the history shown under it.</summary>
    public List<CallAttempt> Attempts { get; set; } = [];

    public bool IsOpen => DoneAt is null && !Cancelled;

    /// <summary>When the call is to be made: the time to call back after 不在, else the start of the day it is due.</summary>
    public DateTime CallFrom(DateTime dueDayStartUtc) => CallBackAt ?? dueDayStartUtc;

    /// <summary>Why a call with this outcome cannot be recorded now, or null (see <see cref="CallAttempt.Problem"/>).</summary>
    public string? Refusal(CallOutcome outcome, DateTime? callBackAt, string? note, DateTime now) =>
        !IsOpen ? CallAttempt.Messages.AlreadyClosed : CallAttempt.Problem(outcome, callBackAt, note, now);

    /// <summary>
    /// Records one call. 済 and 番号違い close the entry; 不在 keeps it open, moved to the day and time to call back
    /// (<paramref name="callBackOn"/> is that time's local date). The number dialled is kept, so a 番号違い flags the
    /// person's phone until it is corrected.
    /// </summary>
    public CallAttempt Record(CallOutcome outcome, DateTime? callBackAt, DateOnly? callBackOn, string? note, string? staffUserId, string? phoneDigits, DateTime now)
    {
        if (Refusal(outcome, callBackAt, note, now) is { } refusal) throw new InvalidOperationException(refusal);
        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        var attempt = new CallAttempt
        {
            Outcome = outcome, At = now, StaffUserId = staffUserId, Note = trimmed, PhoneDigits = phoneDigits,
            CallBackAt = outcome == CallOutcome.NoAnswer ? callBackAt : null,
        };
        Attempts.Add(attempt);
        if (trimmed is not null) Note = trimmed;
        if (outcome == CallOutcome.NoAnswer)
        {
            CallBackAt = callBackAt;
            if (callBackOn is { } day && day > DueOn) DueOn = day;
        }
        else
        {
            CallBackAt = null;
            DoneAt = now;
            DoneByStaffId = staffUserId;
        }
        return attempt;
    }

    /// <summary>
    /// Takes back a 済 or 番号違い tapped by mistake: the entry is open again and the call that closed it is withdrawn from
    /// its history (so a mistaken 番号違い no longer flags the phone). Needs the attempts loaded.
    /// </summary>
    /// <returns>The attempt withdrawn (null for an entry closed before calls were recorded); the caller deletes it.</returns>
    public CallAttempt? Reopen()
    {
        if (DoneAt is null) throw new InvalidOperationException("The call is still open.");
        DoneAt = null;
        DoneByStaffId = null;
        var last = Attempts.OrderBy(a => a.At).ThenBy(a => a.Id).LastOrDefault();
        if (last is null || !CallAttempt.Closes(last.Outcome)) return null;
        Attempts.Remove(last);
        return last;
    }
}

public class CallListEntryConfiguration : IEntityTypeConfiguration<CallListEntry>
{
    public void Configure(EntityTypeBuilder<CallListEntry> builder)
    {
        builder.Property(c => c.IdempotencyKey).HasMaxLength(200);
        builder.HasIndex(c => c.IdempotencyKey).IsUnique();
        builder.Property(c => c.Kind).HasMaxLength(50);
        builder.Property(c => c.Message).HasMaxLength(2000);
        builder.Property(c => c.MessageEn).HasMaxLength(2000);
        builder.Property(c => c.Note).HasMaxLength(1000);
        builder.Property(c => c.DoneByStaffId).HasMaxLength(450);
        builder.HasOne(c => c.Person).WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.DueOn, c.DoneAt });
        builder.HasIndex(c => c.SessionId);
        builder.HasIndex(c => c.CourseId);
    }
}
