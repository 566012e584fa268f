using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.Courses;

/// <summary>One meeting of a course (第3回), stored in UTC and shown in the configured time zone.</summary>
public class Session
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    /// <summary>第N回: the number make-ups are matched by across runs.</summary>
    public int SequenceNumber { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public string Venue { get; set; } = "";
    public string Instructor { get; set; } = "";
    public string Topic { get; set; } = "";
    public SessionStatus Status { get; set; } = SessionStatus.Scheduled;
    public string? ChangeReason { get; set; }
    /// <summary>When a coordinator last saved attendance; null means attendance is still to be taken.</summary>
    public DateTime? AttendanceTakenAt { get; set; }
}

public enum SessionStatus { Scheduled, Cancelled }

public class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> builder)
    {
        builder.Property(s => s.Venue).HasMaxLength(200);
        builder.Property(s => s.Instructor).HasMaxLength(200);
        builder.Property(s => s.Topic).HasMaxLength(400);
        builder.Property(s => s.ChangeReason).HasMaxLength(1000);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(s => s.Course).WithMany(c => c.Sessions).HasForeignKey(s => s.CourseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.StartsAt);
        builder.HasIndex(s => new { s.CourseId, s.SequenceNumber });
    }
}
