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

    /// <summary>
    /// Set when a coordinator recorded this completion as an exception (特例) for someone the rule did not complete, with
    /// their reason: the rule's derivation never withdraws it, and the ledger, the completions page and the person's page
    /// say 特例. Null for a completion the rule made.
    /// </summary>
    public string? ExceptionReason { get; set; }

    public bool IsException => ExceptionReason is not null;

    public const int ExceptionReasonMaxLength = 500;

    /// <summary>
    /// Records an exception completion (特例) for a registration the rule did not complete: a new completion, or one the
    /// rule withdrew earlier made good again. Dated now; the certificate follows as for any completion.
    /// </summary>
    public static Completion AsException(Completion? withdrawn, int registrationId, int personId, int courseId, string reason, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("An exception completion needs a reason.", nameof(reason));
        if (withdrawn is not null && withdrawn.Status != CompletionStatus.Withdrawn)
            throw new InvalidOperationException("Only a withdrawn completion can be made good as an exception.");
        var completion = withdrawn ?? new Completion { RegistrationId = registrationId, PersonId = personId, CourseId = courseId };
        completion.Status = CompletionStatus.Completed;
        completion.CompletedAt = now;
        completion.ExceptionReason = reason.Trim();
        completion.StatusReason = null;
        completion.StatusChangedAt = now;
        completion.ReviewKeptAt = null;
        return completion;
    }

    /// <summary>Takes an exception completion back (undo): withdrawn, saying so; the audit log keeps the reason it had.</summary>
    public void WithdrawException(DateTime now)
    {
        if (!IsException || Status != CompletionStatus.Completed) throw new InvalidOperationException("Not an exception completion in force.");
        Status = CompletionStatus.Withdrawn;
        StatusReason = "特例の修了を取り消しました。";
        StatusChangedAt = now;
        ExceptionReason = null;
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
        builder.Property(c => c.ExceptionReason).HasMaxLength(Completion.ExceptionReasonMaxLength);
        builder.Ignore(c => c.IsException);
        builder.Property(c => c.CertificateProblem).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.CertificateProblemDetail).HasMaxLength(500);
        builder.Property(c => c.CertificateProblemKey).HasMaxLength(400);
        builder.HasOne(c => c.Registration).WithMany().HasForeignKey(c => c.RegistrationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Person).WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Course).WithMany().HasForeignKey(c => c.CourseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.RegistrationId).IsUnique();
    }
}
