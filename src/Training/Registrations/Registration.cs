using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Courses;
using Training.People;

namespace Training.Registrations;

/// <summary>A person's place on a course: confirmed, waiting, or cancelled.</summary>
public class Registration
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public RegistrationStatus Status { get; set; }
    /// <summary>1-based place in the queue while waitlisted.</summary>
    public int? WaitlistPosition { get; set; }
    public ContactChannel Channel { get; set; }
    public DateTime RegisteredAt { get; set; }
    public string? RegisteredByStaffId { get; set; }
    public DateTime? CancelledAt { get; set; }
    public string? CancelReason { get; set; }
    public DateTime? PromotedAt { get; set; }
    /// <summary>The import that made this registration, while it may still be taken back.</summary>
    public int? ImportBatchId { get; set; }
}

public enum RegistrationStatus { Confirmed, Waitlisted, Cancelled }

public class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> builder)
    {
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.RegisteredByStaffId).HasMaxLength(450);
        builder.Property(r => r.CancelReason).HasMaxLength(1000);
        builder.HasOne(r => r.Course).WithMany().HasForeignKey(r => r.CourseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Person).WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Restrict);
        // One registration per person and course: a double submit cannot create a second one.
        builder.HasIndex(r => new { r.CourseId, r.PersonId }).IsUnique();
        builder.HasIndex(r => new { r.CourseId, r.Status, r.WaitlistPosition });
        builder.HasIndex(r => r.ImportBatchId);
    }
}
