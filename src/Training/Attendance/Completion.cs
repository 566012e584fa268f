using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Courses;
using Training.People;
using Training.Registrations;

namespace Training.Attendance;

/// <summary>
/// A person met the program's completion rule on a course. Created once per registration; afterwards it changes only
/// through the methods below, each keeping the rule it is about (withdrawn or flagged when attendance changes, reinstated,
/// reviewed, recorded or taken back as an exception, its certificate blocked).
/// </summary>
public class Completion
{
    // For EF Core, which materialises rows through the private setters.
    private Completion() { }

    public int Id { get; private set; }
    public int RegistrationId { get; private set; }
    public Registration? Registration { get; private set; }
    public int PersonId { get; private set; }
    public Person? Person { get; private set; }
    public int CourseId { get; private set; }
    public Course? Course { get; private set; }
    public DateTime CompletedAt { get; private set; }
    public CompletionStatus Status { get; private set; } = CompletionStatus.Completed;
    /// <summary>Why it was withdrawn or flagged: attendance changed after completion.</summary>
    public string? StatusReason { get; private set; }
    public DateTime? StatusChangedAt { get; private set; }

    /// <summary>
    /// When staff reviewed a completion flagged after its certificate and kept it (the record was checked and the
    /// certificate stands): a later change of attendance does not flag it again.
    /// </summary>
    public DateTime? ReviewKeptAt { get; private set; }

    public const string FlaggedReason = "修了証の交付後に出欠が変わり、修了のきまりを満たさなくなりました。確認してください。";
    public const string WithdrawnReason = "出欠の変更により、修了のきまりを満たさなくなりました。";

    /// <summary>A completion the rule made: dated by the session that earned it, not by when attendance was typed in.</summary>
    public static Completion ByRule(int registrationId, int personId, int courseId, DateTime earnedAt) =>
        new() { RegistrationId = registrationId, PersonId = personId, CourseId = courseId, CompletedAt = earnedAt };

    /// <summary>A completion the rule made for a registration not saved yet (its person and course come with it).</summary>
    public static Completion ByRule(Registration registration, DateTime earnedAt) => new()
    {
        Registration = registration, RegistrationId = registration.Id, Person = registration.Person, PersonId = registration.PersonId,
        Course = registration.Course, CourseId = registration.CourseId, CompletedAt = earnedAt,
    };

    /// <summary>
    /// Attendance changed and the rule is no longer met. Without a certificate the completion is withdrawn; with one it
    /// is flagged for staff to review (要確認), never changed silently. An exception (特例) or a completion staff kept
    /// after review is not the rule's to take back.
    /// </summary>
    public void NoLongerMet(bool hasCertificate, DateTime now)
    {
        if (Status != CompletionStatus.Completed) throw new InvalidOperationException("Only a completion in force can stop being met.");
        if (IsException || ReviewKeptAt is not null) throw new InvalidOperationException("An exception or a completion kept after review is not withdrawn by the rule.");
        Status = hasCertificate ? CompletionStatus.NeedsReview : CompletionStatus.Withdrawn;
        StatusReason = hasCertificate ? FlaggedReason : WithdrawnReason;
        StatusChangedAt = now;
    }

    /// <summary>The rule is met again by a completion it withdrew: in force again, keeping the date it was first earned.</summary>
    public void Reinstate(DateTime now)
    {
        if (Status != CompletionStatus.Withdrawn) throw new InvalidOperationException("Only a withdrawn completion can be reinstated.");
        Status = CompletionStatus.Completed;
        StatusReason = null;
        StatusChangedAt = now;
    }

    /// <summary>Keeps a flagged completion and its certificate, with the reason staff give.</summary>
    public void KeepAfterReview(string reason, DateTime now)
    {
        if (Status != CompletionStatus.NeedsReview) throw new InvalidOperationException("Only a completion flagged for review is reviewed.");
        Status = CompletionStatus.Completed;
        StatusReason = reason.Trim();
        StatusChangedAt = now;
        ReviewKeptAt = now;
    }

    /// <summary>Withdraws a flagged completion (its certificate is revoked with it), with the reason staff give.</summary>
    public void WithdrawAfterReview(string reason, DateTime now)
    {
        if (Status != CompletionStatus.NeedsReview) throw new InvalidOperationException("Only a completion flagged for review is reviewed.");
        Status = CompletionStatus.Withdrawn;
        StatusReason = reason.Trim();
        StatusChangedAt = now;
    }

    /// <summary>
    /// Set when a coordinator recorded this completion as an exception (特例) for someone the rule did not complete, with
    /// their reason: the rule's derivation never withdraws it, and the ledger, the completions page and the person's page
    /// say 特例. Null for a completion the rule made.
    /// </summary>
    public string? ExceptionReason { get; private set; }

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
    public CertificateProblem? CertificateProblem { get; private set; }
    /// <summary>The characters no font has, or the layout file and what is wrong with it.</summary>
    public string? CertificateProblemDetail { get; private set; }
    public DateTime? CertificateProblemAt { get; private set; }
    /// <summary>What the failed attempt was made with (name, fonts, layout): tried again only once one of them changed.</summary>
    public string? CertificateProblemKey { get; private set; }

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
