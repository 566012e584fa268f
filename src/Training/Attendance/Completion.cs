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

    /// <summary>
    /// When staff reviewed a completion flagged after its certificate and kept it (the record was checked and the
    /// certificate stands): a later change of attendance does not flag it again.
    /// </summary>
    public DateTime? ReviewKeptAt { get; set; }

    /// <summary>Keeps a flagged completion and its certificate, with the reason staff give.</summary>
    public void KeepAfterReview(string reason, DateTime now)
    {
        Status = CompletionStatus.Completed;
        StatusReason = reason.Trim();
        StatusChangedAt = now;
        ReviewKeptAt = now;
    }

    /// <summary>Withdraws a flagged completion (its certificate is revoked with it), with the reason staff give.</summary>
    public void WithdrawAfterReview(string reason, DateTime now)
    {
        Status = CompletionStatus.Withdrawn;
        StatusReason = reason.Trim();
        StatusChangedAt = now;
    }

    /// <summary>Why its certificate could not be made (null: nothing in the way); shown to staff until it is.</summary>
    public CertificateProblem? CertificateProblem { get; set; }
    /// <summary>The characters no font has, or the layout file and what is wrong with it.</summary>
    public string? CertificateProblemDetail { get; set; }
    public DateTime? CertificateProblemAt { get; set; }
    /// <summary>What the failed attempt was made with (name, fonts, layout): tried again only once one of them changed.</summary>
    public string? CertificateProblemKey { get; set; }

    /// <summary>Records why the certificate could not be made, and with what, so nobody retries it blindly.</summary>
    public void BlockCertificate(CertificateProblem problem, string detail, string key, DateTime now)
    {
        CertificateProblem = problem;
        CertificateProblemDetail = detail.Length > 500 ? detail[..500] : detail;
        CertificateProblemKey = key.Length > 400 ? key[..400] : key;
        CertificateProblemAt = now;
    }

    public void ClearCertificateProblem() => (CertificateProblem, CertificateProblemDetail, CertificateProblemKey, CertificateProblemAt) = (null, null, null, null);

    /// <summary>Whether a new attempt would meet the same problem: nothing it depends on has changed.</summary>
    public bool CertificateStillBlocked(string key) => CertificateProblem is not null && CertificateProblemKey == (key.Length > 400 ? key[..400] : key);
}

public enum CompletionStatus { Completed, Withdrawn, NeedsReview }

/// <summary>What stands in the way of a certificate: a character of the name no font has, or a layout that cannot be used.</summary>
public enum CertificateProblem { MissingGlyphs, Layout }

public class CompletionConfiguration : IEntityTypeConfiguration<Completion>
{
    public void Configure(EntityTypeBuilder<Completion> builder)
    {
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.StatusReason).HasMaxLength(1000);
        builder.Property(c => c.CertificateProblem).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.CertificateProblemDetail).HasMaxLength(500);
        builder.Property(c => c.CertificateProblemKey).HasMaxLength(400);
        builder.HasOne(c => c.Registration).WithMany().HasForeignKey(c => c.RegistrationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Person).WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Course).WithMany().HasForeignKey(c => c.CourseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.RegistrationId).IsUnique();
    }
}
