using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.Audit;

/// <summary>Who viewed, exported or changed personal data, and when. Never holds the data itself.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? StaffUserId { get; set; }
    public string StaffUserName { get; set; } = "";
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public string? EntityId { get; set; }
    public int? PersonId { get; set; }
    /// <summary>The course the action concerns (a session's, a booking's), for the log's course filter.</summary>
    public int? CourseId { get; set; }
    /// <summary>What the action was about, in words as it read then (a person's name, a course's title).</summary>
    public string TargetLabel { get; set; } = "";
    public string Details { get; set; } = "";
    public string? RemoteAddress { get; set; }
}

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.StaffUserId).HasMaxLength(450);
        builder.Property(a => a.StaffUserName).HasMaxLength(256);
        builder.Property(a => a.Action).HasMaxLength(50);
        builder.Property(a => a.EntityType).HasMaxLength(50);
        builder.Property(a => a.EntityId).HasMaxLength(64);
        builder.Property(a => a.Details).HasMaxLength(AuditLog.DetailsLength);
        builder.Property(a => a.RemoteAddress).HasMaxLength(64);
        builder.Property(a => a.TargetLabel).HasMaxLength(AuditLog.LabelLength);
        builder.HasIndex(a => a.CourseId);
        builder.HasIndex(a => a.StaffUserId);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => a.PersonId);
    }
}
