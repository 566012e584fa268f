using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.People;

namespace Training.Activities;

/// <summary>What became of an introduction: not yet known, joined (参加した), declined (断った), no answer (応答なし).</summary>
public enum IntroductionOutcome { Pending, Joined, Declined, NoAnswer }

/// <summary>
/// A coordinator introduced a helper to a need of a local activity (紹介): when, by whom, what became of it and when to
/// follow up. The organiser is given the helper's contact only after the helper agreed — the agreement (when, how it was
/// taken) and the hand-over (when, how) are recorded here. Changed only through its methods.
/// </summary>
public class Introduction
{
    public int Id { get; private set; }
    public int NeedId { get; private set; }
    public int LocalActivityId { get; private set; }
    public int PersonId { get; private set; }
    public DateTime IntroducedAt { get; private set; }
    public string? IntroducedByStaffId { get; private set; }
    public IntroductionOutcome Outcome { get; private set; } = IntroductionOutcome.Pending;
    public DateTime? OutcomeAt { get; private set; }
    /// <summary>The local date to ask again (for someone without email, the day the call is listed).</summary>
    public DateOnly? FollowUpOn { get; private set; }
    /// <summary>When the helper agreed that the organiser may have their contact; null: not (yet).</summary>
    public DateTime? AgreedAt { get; private set; }
    public ContactChannel? AgreedVia { get; private set; }
    public string? AgreementTakenByStaffId { get; private set; }
    /// <summary>When the helper's contact was given to the organiser, and how (<see cref="ContactHandOver"/>).</summary>
    public DateTime? ContactSentAt { get; private set; }
    public ContactHandOver? ContactSentVia { get; private set; }

    public static class Messages
    {
        public const string FollowUpPast = "次に確かめる日は、今日か、これから先の日にしてください。";
        public const string NotAgreed = "ご本人が、連絡先を主催者に伝えることに同意していません。先にご本人の同意を記録してください。";
        public const string ChannelInvalid = "同意をどのように伺ったか（電話・紙・窓口・ご本人のページ）を選んでください。";
    }

    /// <summary>Why an introduction with this follow-up date cannot be recorded today (a past date), or null.</summary>
    public static string? FollowUpProblem(DateOnly? followUpOn, DateOnly today) => followUpOn is { } day && day < today ? Messages.FollowUpPast : null;

    public static Introduction Create(ActivityNeed need, int personId, DateOnly? followUpOn, string? staffId, DateTime now, DateOnly today)
    {
        if (FollowUpProblem(followUpOn, today) is { } problem) throw new ArgumentException(problem, nameof(followUpOn));
        return new()
        {
            NeedId = need.Id, LocalActivityId = need.LocalActivityId, PersonId = personId, IntroducedAt = now, IntroducedByStaffId = staffId,
            FollowUpOn = followUpOn,
        };
    }

    /// <summary>
    /// Records (or corrects) what became of the introduction and when to ask again. False: nothing changed. A follow-up
    /// date in the past is refused; one already set and unchanged stays, even once passed.
    /// </summary>
    public bool SetOutcome(IntroductionOutcome outcome, DateOnly? followUpOn, DateTime now, DateOnly today)
    {
        if (followUpOn != FollowUpOn && FollowUpProblem(followUpOn, today) is { } problem) throw new ArgumentException(problem, nameof(followUpOn));
        if (outcome == Outcome && followUpOn == FollowUpOn) return false;
        if (outcome != Outcome) OutcomeAt = outcome == IntroductionOutcome.Pending ? null : now;
        Outcome = outcome;
        FollowUpOn = followUpOn;
        return true;
    }

    /// <summary>How an agreement reaches us: the helper told staff (phone, paper, in person) or said it on their own page.</summary>
    public static bool IsAgreementChannel(ContactChannel channel) => channel is ContactChannel.Phone or ContactChannel.Paper or ContactChannel.Staff or ContactChannel.Web;

    /// <summary>Records that the helper agreed their contact may go to the organiser. False: already recorded.</summary>
    public bool RecordAgreement(ContactChannel channel, string? staffId, DateTime now)
    {
        if (!IsAgreementChannel(channel)) throw new ArgumentException(Messages.ChannelInvalid, nameof(channel));
        if (AgreedAt is not null) return false;
        (AgreedAt, AgreedVia, AgreementTakenByStaffId) = (now, channel, staffId);
        return true;
    }

    /// <summary>Whether the organiser may be given the helper's contact: only once the helper agreed.</summary>
    public bool MayShareContact => AgreedAt is not null;

    /// <summary>Records that the contact went to the organiser; refused before the helper agreed.</summary>
    public void RecordContactSent(ContactHandOver via, DateTime now)
    {
        if (!MayShareContact) throw new InvalidOperationException(Messages.NotAgreed);
        (ContactSentAt, ContactSentVia) = (now, via);
    }
}

/// <summary>How the helper's contact reached the organiser: an email to the organisation, or read out by the coordinator.</summary>
public enum ContactHandOver { Email, ByCoordinator }

public class IntroductionConfiguration : IEntityTypeConfiguration<Introduction>
{
    public void Configure(EntityTypeBuilder<Introduction> builder)
    {
        builder.Property(i => i.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.AgreedVia).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.ContactSentVia).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.IntroducedByStaffId).HasMaxLength(450);
        builder.Property(i => i.AgreementTakenByStaffId).HasMaxLength(450);
        builder.HasOne<ActivityNeed>().WithMany().HasForeignKey(i => i.NeedId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LocalActivity>().WithMany().HasForeignKey(i => i.LocalActivityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(i => i.PersonId).OnDelete(DeleteBehavior.Restrict);
        // Once per need and person: matching leaves out whoever was introduced, and a double submit is one row.
        builder.HasIndex(i => new { i.NeedId, i.PersonId }).IsUnique();
        builder.HasIndex(i => new { i.LocalActivityId, i.Outcome });
        builder.HasIndex(i => i.PersonId);
    }
}
