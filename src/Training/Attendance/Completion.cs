using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Courses;
using Training.People;
using Training.Registrations;

namespace Training.Attendance;

/// <summary>A person met the program's completion rule on a course. Created once per registration.</summary>
public class Completion
{
    public int Id { get; set; }
    public int RegistrationId { get; set; }
    public Registration? Registration { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public DateTime CompletedAt { get; set; }
    public CompletionStatus Status { get; set; } = CompletionStatus.Completed;
    /// <summary>Why it was withdrawn or flagged: attendance changed after completion.</summary>
    public string? StatusReason { get; set; }
    public DateTime? StatusChangedAt { get; set; }
}

public enum CompletionStatus { Completed, Withdrawn, NeedsReview }

public class CompletionConfiguration : IEntityTypeConfiguration<Completion>
{
    public void Configure(EntityTypeBuilder<Completion> builder)
    {
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.StatusReason).HasMaxLength(1000);
        builder.HasOne(c => c.Registration).WithMany().HasForeignKey(c => c.RegistrationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Person).WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Course).WithMany().HasForeignKey(c => c.CourseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.RegistrationId).IsUnique();
    }
}
