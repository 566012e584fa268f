using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.People;

/// <summary>One consent given or withdrawn, with the exact wording the person was shown.</summary>
public class Consent
{
    /// <summary>What a resident agrees to when they sign up through the public form or the API.</summary>
    public const string RegistrationContactWording = "お申し込みの確認や講座の連絡のために、入力した連絡先（メール・電話）を使うことに同意します。";

    public int Id { get; set; }
    public int PersonId { get; set; }
    public ConsentPurpose Purpose { get; set; }
    public bool Granted { get; set; }
    public required string Wording { get; set; }
    public DateTime RecordedAt { get; set; }
    public ContactChannel Channel { get; set; }
    public string? RecordedByStaffId { get; set; }
}

public enum ConsentPurpose { Contact, ReminderEmail, MonthlyScheduleEmail, SupporterListing, SharingWithActivityGroups, QualificationEmail }

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
    }
}
