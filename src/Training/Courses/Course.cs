using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Organisations;
using Training.Staff;

namespace Training.Courses;

/// <summary>One run of a program, e.g. 令和8年度 第1期.</summary>
public class Course
{
    public int Id { get; set; }
    public int ProgramId { get; set; }
    public TrainingProgram? Program { get; set; }
    public required string Title { get; set; }
    public int Capacity { get; set; }
    public int MinimumParticipants { get; set; }
    public DateTime? RegistrationOpensAt { get; set; }
    public DateTime? RegistrationClosesAt { get; set; }
    public string Venue { get; set; } = "";
    public int? AreaId { get; set; }
    public Area? Area { get; set; }
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public string? CoordinatorId { get; set; }
    public StaffUser? Coordinator { get; set; }
    public CourseStatus Status { get; set; } = CourseStatus.Open;
    public string Notes { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    /// <summary>
    /// Set (to a new random mark) before attendance of the course is written, cleared once every completion of the course
    /// has been derived again: a course still marked after a crash is derived on the next start.
    /// </summary>
    public string? CompletionsStaleMark { get; set; }

    public List<Session> Sessions { get; set; } = [];

    /// <summary>Whether the course takes a registration now, and through which channel.</summary>
    public RegistrationWindow RegistrationWindowAt(DateTime now, bool byStaff = false) =>
        RegistrationWindowOf(Status, RegistrationOpensAt, RegistrationClosesAt, now, byStaff);

    /// <summary>
    /// The one rule, for a course or a query's projection of one: a cancelled course takes nobody; staff may still add
    /// someone by phone or paper outside the web window; residents only while the course is open and the window is.
    /// </summary>
    public static RegistrationWindow RegistrationWindowOf(CourseStatus status, DateTime? opensAt, DateTime? closesAt, DateTime now, bool byStaff = false) =>
        status == CourseStatus.Cancelled ? RegistrationWindow.Cancelled
        : byStaff ? RegistrationWindow.Open
        : opensAt > now ? RegistrationWindow.NotOpenYet
        : closesAt < now || status != CourseStatus.Open ? RegistrationWindow.Closed
        : RegistrationWindow.Open;
}

public enum CourseStatus { Draft, Open, Closed, Cancelled, Finished }

public enum RegistrationWindow { Open, NotOpenYet, Closed, Cancelled }

public class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> builder)
    {
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.CompletionsStaleMark).HasMaxLength(32);
        builder.Property(c => c.Venue).HasMaxLength(200);
        builder.Property(c => c.Notes).HasMaxLength(4000);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(c => c.Program).WithMany().HasForeignKey(c => c.ProgramId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Area).WithMany().HasForeignKey(c => c.AreaId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Organisation).WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Coordinator).WithMany().HasForeignKey(c => c.CoordinatorId).OnDelete(DeleteBehavior.SetNull);
    }
}
