using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.Notifications;

/// <summary>What came of one phone call made from the call list.</summary>
public enum CallOutcome
{
    /// <summary>済: the person was reached and told; the call is done.</summary>
    Reached,
    /// <summary>不在・かけ直し: nobody answered; the call stays open until the time to call back.</summary>
    NoAnswer,
    /// <summary>番号違い: the number on record is not the person's; the call is closed and the phone flagged for correction.</summary>
    WrongNumber,
}

/// <summary>
/// One call made for a call-list entry: who called, when, with what outcome, and for 不在 when to call back. The entry's
/// history is its attempts in order; the last one says where the call stands.
/// </summary>
public class CallAttempt
{
    public const int NoteMaxLength = 1000;

    public long Id { get; set; }
    public long CallListEntryId { get; set; }
    public CallListEntry? Entry { get; set; }
    public CallOutcome Outcome { get; set; }
    public DateTime At { get; set; }
    public string? StaffUserId { get; set; }
    /// <summary>For 不在・かけ直し: when to call again (UTC, always after <see cref="At"/>).</summary>
    public DateTime? CallBackAt { get; set; }
    public string? Note { get; set; }
    /// <summary>The digits of the number that was dialled: a 番号違い flags the person's phone only while it is still this number.</summary>
    public string? PhoneDigits { get; set; }
    /// <summary>Set when staff confirmed a number marked 番号違い is right after all (the flag is lifted without changing the number).</summary>
    public DateTime? PhoneCheckedAt { get; set; }

    /// <summary>Whether the call ends with this outcome (済 and 番号違い do; 不在 leaves it open).</summary>
    public static bool Closes(CallOutcome outcome) => outcome != CallOutcome.NoAnswer;

    /// <summary>Whether this attempt still says the person's phone needs correcting: a 番号違い on the number now on record, not yet checked.</summary>
    public bool FlagsPhone(string? currentPhoneDigits) =>
        Outcome == CallOutcome.WrongNumber && PhoneCheckedAt is null && !string.IsNullOrEmpty(PhoneDigits) && PhoneDigits == currentPhoneDigits;

    /// <summary>The problem with an attempt as staff typed it, or null: a call-back time is needed for 不在, and must be to come.</summary>
    public static string? Problem(CallOutcome outcome, DateTime? callBackAt, string? note, DateTime now) =>
        !Enum.IsDefined(outcome) ? Messages.OutcomeUnknown
        : note?.Trim().Length > NoteMaxLength ? Messages.NoteTooLong
        : outcome != CallOutcome.NoAnswer ? null
        : callBackAt is null ? Messages.CallBackMissing
        : callBackAt <= now ? Messages.CallBackPast
        : callBackAt > now.AddDays(90) ? Messages.CallBackTooFar
        : null;

    /// <summary>The messages, in Japanese; every one has its English in the site's resources.</summary>
    public static class Messages
    {
        public const string OutcomeUnknown = "電話の結果を選んでください。";
        public const string NoteTooLong = "メモは1000文字以内で入力してください。";
        public const string CallBackMissing = "かけ直す日時を入力してください。";
        public const string CallBackPast = "かけ直す日時は、これから先の日時にしてください。";
        public const string CallBackTooFar = "かけ直す日時は90日以内にしてください。";
        public const string AlreadyClosed = "この電話はもう済んでいます。";

        public static IEnumerable<string> All => typeof(Messages).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
    }

    /// <summary>Each outcome in words (Japanese; the site's resources hold the English).</summary>
    public static string Label(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Reached => "済",
        CallOutcome.NoAnswer => "不在・かけ直し",
        CallOutcome.WrongNumber => "番号違い",
        _ => outcome.ToString(),
    };

    public static readonly IReadOnlyList<string> Labels = Enum.GetValues<CallOutcome>().Select(Label).ToList();
}

public class CallAttemptConfiguration : IEntityTypeConfiguration<CallAttempt>
{
    public void Configure(EntityTypeBuilder<CallAttempt> builder)
    {
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.StaffUserId).HasMaxLength(450);
        builder.Property(a => a.Note).HasMaxLength(CallAttempt.NoteMaxLength);
        builder.Property(a => a.PhoneDigits).HasMaxLength(40);
        builder.HasOne(a => a.Entry).WithMany(e => e.Attempts).HasForeignKey(a => a.CallListEntryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.CallListEntryId);
        builder.HasIndex(a => new { a.Outcome, a.PhoneCheckedAt });
    }
}
