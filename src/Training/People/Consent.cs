using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.People;

/// <summary>One consent given or withdrawn, with the exact wording the person was shown.</summary>
public class Consent
{
    /// <summary>What a resident agrees to when they sign up through the public form or the API.</summary>
    /// <summary>Said when a registration comes without that agreement, on the form and from the API alike.</summary>
    public const string RegistrationContactMissing = "連絡先の利用への同意が必要です。";

    public const string RegistrationContactWording = "お申し込みの確認や講座の連絡のために、入力した連絡先（メール・電話）を使うことに同意します。";

    /// <summary>For EF Core; a consent is made by <see cref="Record"/> (or <see cref="Person.RecordConsent"/>).</summary>
    private Consent() { }

    /// <summary>A consent given or withdrawn, as the person said it, with the wording, the date and who took it down.</summary>
    public static Consent Record(int personId, ConsentPurpose purpose, bool granted, string wording, DateTime recordedAt, ContactChannel channel,
        string? recordedByStaffId = null) => new()
    {
        PersonId = personId, Purpose = purpose, Granted = granted, Wording = wording, RecordedAt = recordedAt, Channel = channel,
        RecordedByStaffId = recordedByStaffId,
    };

    public int Id { get; private set; }
    public int PersonId { get; private set; }
    public ConsentPurpose Purpose { get; private set; }
    public bool Granted { get; private set; }
    public string Wording { get; private set; } = "";
    public DateTime RecordedAt { get; private set; }
    public ContactChannel Channel { get; private set; }
    public string? RecordedByStaffId { get; private set; }

    /// <summary>The person was deleted (anonymised): the record of the choice stays, the words shown go.</summary>
    public void ForgetWording() => Wording = "";
}

/// <remarks>
/// <see cref="SharingWithActivityGroups"/> (活動団体への紹介) is "may have their contact given to an organiser";
/// <see cref="ActivitySuggestions"/> (活動の紹介・おすすめを受ける) is "may be suggested for activities" — matching
/// suggests nobody without it (<c>Activities/Matching</c>). <see cref="SharingWithGroupLeader"/> (グループのリーダーへ電話番号を伝える)
/// is "the leader of a group whose session I booked may have my phone number, to tell me about the sessions" — a
/// purpose of its own: the introduction consent was given by a helper, for being introduced, not by a participant.
/// The four <c>NoticesBy…</c> purposes are the resident's choice of how their notices reach them (issue 30,
/// <c>Notifications/Channels/NoticeChannels</c>): choosing one records it granted; the latest granted one is the choice.
/// </remarks>
public enum ConsentPurpose
{
    Contact, ReminderEmail, MonthlyScheduleEmail, SupporterListing, SharingWithActivityGroups, QualificationEmail, ActivitySuggestions, SharingWithGroupLeader,
    NoticesByEmail, NoticesByLine, NoticesBySms, NoticesByCall,
}

/// <summary>How something reached us: the resident on the web, or a coordinator on their behalf.</summary>
public enum ContactChannel { Web, Phone, Paper, WalkIn, Api, Import, Staff }

public class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> builder)
    {
        builder.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(40);
        builder.Property(c => c.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Wording).HasMaxLength(2000);
        builder.Property(c => c.RecordedByStaffId).HasMaxLength(450);
        builder.HasOne<Person>().WithMany(p => p.Consents).HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.PersonId, c.Purpose, c.RecordedAt });
        // Everyone whose latest consent for a purpose is a yes (matching's suggestions), from the purpose and from this
        // index alone: the answer and the tie-break (Id) are in it.
        builder.HasIndex(c => new { c.Purpose, c.PersonId, c.RecordedAt, c.Granted, c.Id });
    }
}
