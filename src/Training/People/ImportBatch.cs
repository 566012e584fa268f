using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.People;

/// <summary>
/// One people import in progress or done. A large file is written in chunks, each its own short transaction, so
/// registrations and attendance taps get through between them; every row written carries the batch, so an import that
/// fails — or whose process is killed — is taken back whole: all of it or nothing, as the preview promised.
/// </summary>
public class ImportBatch
{
    public int Id { get; set; }
    public required string FileName { get; set; }
    public string? StaffUserId { get; set; }
    public int? CourseId { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime HeartbeatAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public ImportBatchStatus Status { get; set; }
    public string? Error { get; set; }
    /// <summary>The process writing it (<see cref="Data.ClaimTokens"/>): when that process is gone, the import is taken back at once.</summary>
    public string? WrittenBy { get; set; }
}

public enum ImportBatchStatus { Running, Done, TakenBack }

public class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> builder)
    {
        builder.Property(b => b.FileName).HasMaxLength(260);
        builder.Property(b => b.StaffUserId).HasMaxLength(450);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.Error).HasMaxLength(2000);
        builder.Property(b => b.WrittenBy).HasMaxLength(64);
        builder.HasIndex(b => b.Status);
    }
}
