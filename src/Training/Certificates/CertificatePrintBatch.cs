using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.Certificates;

/// <summary>
/// A request to print many certificates in one PDF (a ceremony's worth), made by a background job so a thousand pages
/// do not hold up a web request; the page polls <see cref="Printed"/> against <see cref="Total"/>.
/// </summary>
public class CertificatePrintBatch
{
    public int Id { get; set; }
    /// <summary>Only the staff member who asked (or an admin) may download it: it holds residents' names.</summary>
    public required string RequestedByStaffId { get; set; }
    public DateTime RequestedAt { get; set; }
    public required string Layout { get; set; }
    /// <summary>The certificates, comma-separated, fixed when asked so the PDF matches the list the coordinator saw.</summary>
    public required string CertificateIds { get; set; }
    public int Total { get; set; }
    public int Printed { get; set; }
    public PrintBatchStatus Status { get; set; }
    public string? Error { get; set; }
    /// <summary>Relative to the certificate store; deleted with the batch after a week.</summary>
    public string? PdfPath { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>When the printer last showed it was alive; a batch unfinished and silent for long is taken over.</summary>
    public DateTime? HeartbeatAt { get; set; }

    public IReadOnlyList<int> Ids() => CertificateIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
}

public enum PrintBatchStatus { Queued, Printing, Ready, Failed }

public class CertificatePrintBatchConfiguration : IEntityTypeConfiguration<CertificatePrintBatch>
{
    public void Configure(EntityTypeBuilder<CertificatePrintBatch> builder)
    {
        builder.Property(b => b.RequestedByStaffId).HasMaxLength(64);
        builder.Property(b => b.Layout).HasMaxLength(100);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.Error).HasMaxLength(2000);
        builder.Property(b => b.PdfPath).HasMaxLength(400);
        builder.HasIndex(b => b.RequestedAt);
    }
}
