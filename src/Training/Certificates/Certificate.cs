using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Attendance;
using Training.Courses;
using Training.People;

namespace Training.Certificates;

/// <summary>
/// An issued completion certificate (修了証): one row of the official ledger (交付台帳). Its serial, code and issuer never
/// change once issued; afterwards it is only reissued (same serial, a new PDF), revoked, emailed or handed over — each
/// through a method here, so nothing writes a ledger field past its rule.
/// </summary>
public class Certificate
{
    // For EF Core, which materialises rows through the private setters.
    private Certificate() { }

    public int Id { get; private set; }
    public int CompletionId { get; private set; }
    public Completion? Completion { get; private set; }
    public int PersonId { get; private set; }
    public Person? Person { get; private set; }
    public int ProgramId { get; private set; }
    public TrainingProgram? Program { get; private set; }
    /// <summary>Fiscal year (April–March) by its starting calendar year: 2026 = 令和8年度.</summary>
    public int FiscalYear { get; private set; }
    public int SerialNumber { get; private set; }
    /// <summary>The serial as printed, e.g. 令和8年度 第12号.</summary>
    public string SerialLabel { get; private set; } = "";
    /// <summary>Short public code for /verify/{code}.</summary>
    public string VerificationCode { get; private set; } = "";
    /// <summary>The name exactly as printed on the current PDF.</summary>
    public string NameAsPrinted { get; private set; } = "";
    public DateTime IssuedAt { get; private set; }
    /// <summary>Who issued it, as printed: kept, so a reissue after a new mayor still names the issuer of the original.</summary>
    public string? IssuerTitle { get; private set; }
    public string? IssuerName { get; private set; }
    public int ReissueCount { get; private set; }
    public DateTime? LastReissuedAt { get; private set; }
    public string? LastReissueReason { get; private set; }
    public DateTime? RevokedAt { get; private set; }
    public string? RevokedReason { get; private set; }
    /// <summary>Relative path of the frozen PDF in the document store.</summary>
    public string PdfPath { get; private set; } = "";
    public string PdfSha256 { get; private set; } = "";
    public DateTime? HandedOverAt { get; private set; }
    public DateTime? EmailedAt { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>The number the next reissue will carry (its PDF is stored under it before <see cref="Reissue"/> records it).</summary>
    public int NextReissueNumber => ReissueCount + 1;

    /// <summary>A new ledger row for a completion: its serial and code, the name and issuer as printed, and the stored PDF.</summary>
    public static Certificate Issue(int completionId, int personId, int programId, CertificateSerial serial, string verificationCode, string nameAsPrinted,
        (string? Title, string? Name) issuer, StoredPdf pdf, DateTime issuedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serial.Label);
        ArgumentException.ThrowIfNullOrWhiteSpace(verificationCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(pdf.Path);
        if (serial.Number < 1) throw new ArgumentOutOfRangeException(nameof(serial), "A serial counts from 1.");
        return new Certificate
        {
            CompletionId = completionId, PersonId = personId, ProgramId = programId, FiscalYear = serial.FiscalYear, SerialNumber = serial.Number,
            SerialLabel = serial.Label, VerificationCode = verificationCode, NameAsPrinted = nameAsPrinted, IssuerTitle = issuer.Title, IssuerName = issuer.Name,
            PdfPath = pdf.Path, PdfSha256 = pdf.Sha256, IssuedAt = issuedAt,
        };
    }

    /// <summary>
    /// Reissues (再交付): the same serial and code, a new PDF with the name as it is now, the reason and date recorded.
    /// A revoked certificate is never reissued.
    /// </summary>
    public void Reissue(string nameAsPrinted, StoredPdf pdf, string reason, DateTime now)
    {
        if (IsRevoked) throw new InvalidOperationException("A revoked certificate cannot be reissued.");
        ReissueCount++;
        (PdfPath, PdfSha256) = (pdf.Path, pdf.Sha256);
        NameAsPrinted = nameAsPrinted;
        LastReissuedAt = now;
        LastReissueReason = reason.Trim();
    }

    /// <summary>Revokes it with a reason, once: /verify says so from then on.</summary>
    public void Revoke(string reason, DateTime now)
    {
        if (IsRevoked) throw new InvalidOperationException("The certificate is already revoked.");
        RevokedAt = now;
        RevokedReason = reason.Trim();
    }

    /// <summary>Records that the paper certificate was handed over; the first time counts (false: it already was).</summary>
    public bool HandOver(DateTime now)
    {
        if (HandedOverAt is not null) return false;
        HandedOverAt = now;
        return true;
    }

    /// <summary>Records that it was sent to its holder by email.</summary>
    public void MarkEmailed(DateTime now) => EmailedAt = now;
}

/// <summary>A certificate's place in the ledger: its fiscal year, its number in that year, and the serial as printed.</summary>
public readonly record struct CertificateSerial(int FiscalYear, int Number, string Label);

/// <summary>A PDF as kept in the document store: where, and its SHA-256.</summary>
public readonly record struct StoredPdf(string Path, string Sha256);

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
