using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Courses;
using Training.People;

namespace Training.Attendance;

/// <summary>
/// A memo typed on the roster about someone not marked yet (「遅れると電話あり」): saved on its own, so it is never lost
/// when another row's button is tapped, and shown in the row until the person's mark is taken, when it becomes the
/// mark's note (<see cref="AttendanceRecord.Note"/>) and this row goes. At most one per person and session.
/// </summary>
public class RosterNote
{
    public int Id { get; set; }
    public int SessionId { get; set; }
    public Session? Session { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public string Note { get; set; } = "";
    public DateTime WrittenAt { get; set; }
    public string? WrittenByStaffId { get; set; }
}

public class RosterNoteConfiguration : IEntityTypeConfiguration<RosterNote>
{
    public void Configure(EntityTypeBuilder<RosterNote> builder)
    {
        builder.Property(n => n.Note).HasMaxLength(1000);
        builder.Property(n => n.WrittenByStaffId).HasMaxLength(450);
        builder.HasOne(n => n.Session).WithMany().HasForeignKey(n => n.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(n => n.Person).WithMany().HasForeignKey(n => n.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(n => new { n.SessionId, n.PersonId }).IsUnique();
        builder.HasIndex(n => n.PersonId);
    }
}
