using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Organisations;
using Training.Qualifications;

namespace Training.Courses;

/// <summary>A training program (養成講座) that ends in a certificate, or an open activity such as a monthly club.</summary>
public class TrainingProgram
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string NameKana { get; set; } = "";
    public ProgramKind Kind { get; set; }
    public string Description { get; set; } = "";
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    /// <summary>The district whose coordinators run this program; null for a city-wide program.</summary>
    public int? AreaId { get; set; }
    public Area? Area { get; set; }

    /// <summary>Number of sessions one run of the program plans; the denominator of percentage rules.</summary>
    public int PlannedSessionCount { get; set; } = 1;
    public CompletionRuleKind CompletionRule { get; set; } = CompletionRuleKind.AllSessions;
    /// <summary>Sessions (for MinimumSessions) or percent (for MinimumPercent) needed to complete.</summary>
    public int? CompletionThreshold { get; set; }
    /// <summary>Whether an absence with notice (欠席・連絡あり) is forgiven by the rule.</summary>
    public bool ExcusedAbsenceCountsAsAttended { get; set; }
    public bool MakeUpAllowed { get; set; }
    /// <summary>Days after the missed session within which a make-up (振替) must happen.</summary>
    public int? MakeUpDeadlineDays { get; set; }

    public int? GrantsQualificationTypeId { get; set; }
    public QualificationType? GrantsQualificationType { get; set; }
    /// <summary>Set on follow-up trainings (フォローアップ研修) that renew a qualification.</summary>
    public int? RenewsQualificationTypeId { get; set; }
    public QualificationType? RenewsQualificationType { get; set; }

    public bool IsPublic { get; set; } = true;
    public bool IsActive { get; set; } = true;

    public bool IssuesCertificate => Kind == ProgramKind.CertificateProgram;

    /// <summary>When a completion's certificate is issued: once the run is over (the default), or as soon as the rule is met.</summary>
    public CertificateTiming CertificateTiming { get; set; } = CertificateTiming.WhenRunIsOver;
    /// <summary>What the certificate says was done: completed (修了) or attended (受講).</summary>
    public CertificateWording CertificateWording { get; set; } = CertificateWording.Completion;

    /// <summary>The certificate's title as printed.</summary>
    public string CertificateTitle => CertificateWording == CertificateWording.Attendance ? "受講証明書" : "修了証";

    /// <summary>
    /// How the certificate's sentence ends. 「全課程」 is claimed only when the rule asks for every session — a person
    /// who met a 4-of-5 rule completed what was required, not the whole course.
    /// </summary>
    public string CertificateAchievement => CertificateWording == CertificateWording.Attendance ? "を受講されました"
        : CompletionRule == CompletionRuleKind.AllSessions ? "の全課程を修了されました"
        : "の所定の課程を修了されました";

    /// <summary>
    /// How the sentence ends for one completion: an exception (特例) recorded for someone who did not attend every session
    /// never claims 「全課程」.
    /// </summary>
    public string CertificateAchievementFor(bool byException) =>
        byException && CertificateWording == CertificateWording.Completion ? "の所定の課程を修了されました" : CertificateAchievement;

    /// <summary>Everything completion depends on: when it differs after an edit, completions are derived again.</summary>
    public string CompletionRuleFingerprint =>
        $"{CompletionRule}|{CompletionThreshold}|{PlannedSessionCount}|{ExcusedAbsenceCountsAsAttended}|{MakeUpAllowed}|{MakeUpDeadlineDays}";

    /// <summary>
    /// The completion rule in plain words for residents, as a format (Japanese; the site's resources hold the English)
    /// and its numbers: 全5回のうち4回以上出席すると修了です。 Null when the program has no rule.
    /// </summary>
    public (string Format, object[] Args)? CompletionRuleInWords()
    {
        var planned = PlannedSessionCount;
        if (planned <= 0) return null;
        return CompletionRule switch
        {
            CompletionRuleKind.AllSessions => ("全{0}回すべてに出席すると修了です。", [planned]),
            CompletionRuleKind.MinimumSessions => ("全{0}回のうち{1}回以上出席すると修了です。", [planned, Math.Min(CompletionThreshold ?? planned, planned)]),
            CompletionRuleKind.MinimumPercent => ("全{0}回のうち{1}回以上出席すると修了です。", [planned, (int)Math.Ceiling(planned * (CompletionThreshold ?? 100) / 100.0)]),
            _ => null,
        };
    }

    /// <summary>Whether a completion's certificate may be issued now, given whether its run is over (<see cref="Course.IsOverAt"/>).</summary>
    public bool CertificateDue(bool runIsOver) => CertificateTiming == CertificateTiming.WhenRuleIsMet || runIsOver;

    /// <summary>
    /// Who may change the program: staff for every area; a district coordinator for programs of their districts; and,
    /// where the city allows it, a coordinator for the city-wide programs of their own organisation.
    /// </summary>
    public bool MayBeChangedBy(IReadOnlyCollection<int> staffAreas, int? staffOrganisationId, bool ownOrganisationCityWide) =>
        staffAreas.Count == 0 ||
        (AreaId is { } area && staffAreas.Contains(area)) ||
        (AreaId is null && ownOrganisationCityWide && staffOrganisationId == OrganisationId);
}

public enum ProgramKind { CertificateProgram, Activity }

public enum CertificateTiming { WhenRunIsOver, WhenRuleIsMet }

public enum CertificateWording { Completion, Attendance }

public enum CompletionRuleKind { AllSessions, MinimumSessions, MinimumPercent, None }

public class TrainingProgramConfiguration : IEntityTypeConfiguration<TrainingProgram>
{
    public void Configure(EntityTypeBuilder<TrainingProgram> builder)
    {
        builder.ToTable("Programs");
        builder.HasOne(p => p.Area).WithMany().HasForeignKey(p => p.AreaId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.NameKana).HasMaxLength(400);
        builder.Property(p => p.Description).HasMaxLength(4000);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(p => p.CompletionRule).HasConversion<string>().HasMaxLength(30);
        builder.HasOne(p => p.Organisation).WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.GrantsQualificationType).WithMany().HasForeignKey(p => p.GrantsQualificationTypeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.RenewsQualificationType).WithMany().HasForeignKey(p => p.RenewsQualificationTypeId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.CertificateTiming).HasConversion<string>().HasMaxLength(20).HasDefaultValue(CertificateTiming.WhenRunIsOver)
            .HasSentinel(CertificateTiming.WhenRunIsOver);
        builder.Property(p => p.CertificateWording).HasConversion<string>().HasMaxLength(20).HasDefaultValue(CertificateWording.Completion)
            .HasSentinel(CertificateWording.Completion);
        builder.Ignore(p => p.IssuesCertificate);
        builder.Ignore(p => p.CertificateTitle);
        builder.Ignore(p => p.CertificateAchievement);
        builder.Ignore(p => p.CompletionRuleFingerprint);
    }
}
