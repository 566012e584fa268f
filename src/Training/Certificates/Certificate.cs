using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Attendance;
using Training.Courses;
using Training.People;

namespace Training.Certificates;

/// <summary>An issued completion certificate (修了証): one row of the official ledger (交付台帳).</summary>
public class Certificate
{
    public int Id { get; set; }
    public int CompletionId { get; set; }
    public Completion? Completion { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public int ProgramId { get; set; }
    public TrainingProgram? Program { get; set; }
    /// <summary>Fiscal year (April–March) by its starting calendar year: 2026 = 令和8年度.</summary>
    public int FiscalYear { get; set; }
    public int SerialNumber { get; set; }
    /// <summary>The serial as printed, e.g. 令和8年度 第12号.</summary>
    public required string SerialLabel { get; set; }
    /// <summary>Short public code for /verify/{code}.</summary>
    public required string VerificationCode { get; set; }
    /// <summary>The name exactly as printed on the current PDF.</summary>
    public required string NameAsPrinted { get; set; }
    public DateTime IssuedAt { get; set; }
    /// <summary>Who issued it, as printed: kept, so a reissue after a new mayor still names the issuer of the original.</summary>
    public string? IssuerTitle { get; set; }
    public string? IssuerName { get; set; }
    public int ReissueCount { get; set; }
    public DateTime? LastReissuedAt { get; set; }
    public string? LastReissueReason { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
    /// <summary>Relative path of the frozen PDF in the document store.</summary>
    public required string PdfPath { get; set; }
    public required string PdfSha256 { get; set; }
    public DateTime? HandedOverAt { get; set; }
    public DateTime? EmailedAt { get; set; }

    public bool IsRevoked => RevokedAt is not null;
}

public class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> builder)
    {
        builder.Property(c => c.SerialLabel).HasMaxLength(100);
        builder.Property(c => c.VerificationCode).HasMaxLength(32);
        builder.Property(c => c.NameAsPrinted).HasMaxLength(300);
        builder.Property(c => c.IssuerTitle).HasMaxLength(200);
        builder.Property(c => c.IssuerName).HasMaxLength(200);
        builder.Property(c => c.LastReissueReason).HasMaxLength(1000);
        builder.Property(c => c.RevokedReason).HasMaxLength(1000);
        builder.Property(c => c.PdfPath).HasMaxLength(400);
        builder.Property(c => c.PdfSha256).HasMaxLength(64);
        builder.HasOne(c => c.Completion).WithMany().HasForeignKey(c => c.CompletionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Person).WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Program).WithMany().HasForeignKey(c => c.ProgramId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.CompletionId).IsUnique();
        builder.HasIndex(c => c.VerificationCode).IsUnique();
        builder.HasIndex(c => new { c.ProgramId, c.FiscalYear, c.SerialNumber }).IsUnique();
        builder.Ignore(c => c.IsRevoked);
    }
}
