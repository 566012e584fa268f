using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Organisations;
using Training.Qualifications;
using Training.Text;

namespace Training.Courses;

/// <summary>A training program (養成講座) that ends in a certificate, or an open activity such as a monthly club.</summary>
public class TrainingProgram
{
    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string NameKana { get; private set; } = "";
    public ProgramKind Kind { get; private set; }
    public string Description { get; private set; } = "";
    public int OrganisationId { get; private set; }
    public Organisation? Organisation { get; private set; }
    /// <summary>The district whose coordinators run this program; null for a city-wide program.</summary>
    public int? AreaId { get; private set; }
    public Area? Area { get; private set; }

    /// <summary>Number of sessions one run of the program plans; the denominator of percentage rules.</summary>
    public int PlannedSessionCount { get; private set; } = 1;
    public CompletionRuleKind CompletionRule { get; private set; } = CompletionRuleKind.AllSessions;
    /// <summary>Sessions (for MinimumSessions) or percent (for MinimumPercent) needed to complete.</summary>
    public int? CompletionThreshold { get; private set; }
    /// <summary>Whether an absence with notice (欠席・連絡あり) is forgiven by the rule.</summary>
    public bool ExcusedAbsenceCountsAsAttended { get; private set; }
    public bool MakeUpAllowed { get; private set; }
    /// <summary>Days after the missed session within which a make-up (振替) must happen.</summary>
    public int? MakeUpDeadlineDays { get; private set; }

    public int? GrantsQualificationTypeId { get; private set; }
    public QualificationType? GrantsQualificationType { get; private set; }
    /// <summary>Set on follow-up trainings (フォローアップ研修) that renew a qualification.</summary>
    public int? RenewsQualificationTypeId { get; private set; }
    public QualificationType? RenewsQualificationType { get; private set; }

    public bool IsPublic { get; private set; } = true;
    public bool IsActive { get; private set; } = true;
    /// <summary>
    /// Whether sessions a group leader plans or moves wait for a coordinator's approval before residents see them (issue 28).
    /// Kept on the program because a group's sessions are its program's runs: the activity group linked to the program
    /// and the program group itself answer to the same setting. On by default: the coordinator chooses to trust.
    /// </summary>
    public bool LeaderSessionsNeedApproval { get; private set; } = true;

    /// <summary>Sets whether leaders' sessions wait for approval; false when it already was so (nothing changed).</summary>
    public bool SetLeaderSessionsNeedApproval(bool needApproval)
    {
        if (LeaderSessionsNeedApproval == needApproval) return false;
        LeaderSessionsNeedApproval = needApproval;
        return true;
    }

    /// <summary>For EF Core, which sets the fields it reads.</summary>
    private TrainingProgram() { }

    /// <summary>
    /// A new program with its details (<see cref="Edit"/> applies them); the organiser and qualifications may be given as
    /// records not saved yet (seed data, tests), saved with it.
    /// </summary>
    public TrainingProgram(ProgramDetails details, Organisation? organisation = null, QualificationType? grants = null, QualificationType? renews = null)
    {
        Edit(details);
        if (organisation is not null) (Organisation, OrganisationId) = (organisation, organisation.Id);
        if (grants is not null) (GrantsQualificationType, GrantsQualificationTypeId) = (grants, grants.Id == 0 ? null : grants.Id);
        if (renews is not null) (RenewsQualificationType, RenewsQualificationTypeId) = (renews, renews.Id == 0 ? null : renews.Id);
    }

    /// <summary>The program's details as they stand, to show in a form or to change a few of (<c>with { … }</c>).</summary>
    public ProgramDetails Details() => new()
    {
        Name = Name, NameKana = NameKana, Kind = Kind, Description = Description, OrganisationId = OrganisationId, AreaId = AreaId,
        PlannedSessionCount = PlannedSessionCount, CompletionRule = CompletionRule, CompletionThreshold = CompletionThreshold,
        ExcusedAbsenceCountsAsAttended = ExcusedAbsenceCountsAsAttended, MakeUpAllowed = MakeUpAllowed, MakeUpDeadlineDays = MakeUpDeadlineDays,
        GrantsQualificationTypeId = GrantsQualificationTypeId, RenewsQualificationTypeId = RenewsQualificationTypeId, IsPublic = IsPublic, IsActive = IsActive,
        CertificateTiming = CertificateTiming, CertificateWording = CertificateWording,
    };

    /// <summary>
    /// Applies the details as the program keeps them: the name and description trimmed, the furigana in hiragana, a
    /// threshold only for a rule that counts one, a make-up deadline only where make-ups are allowed, and an unknown
    /// certificate timing or wording read as the default. Check <see cref="ProgramDetails.Problems"/> first.
    /// </summary>
    /// <returns>The names of the fields that changed.</returns>
    public IReadOnlyList<string> Edit(ProgramDetails details)
    {
        var changed = new List<string>();
        void Set<T>(string field, T before, T after, Action apply)
        {
            if (EqualityComparer<T>.Default.Equals(before, after)) return;
            changed.Add(field);
            apply();
        }
        var name = details.Name.Trim();
        var kana = NameFolding.NormaliseFurigana(details.NameKana);
        var description = details.Description?.Trim() ?? "";
        var threshold = details.CompletionRule is CompletionRuleKind.MinimumSessions or CompletionRuleKind.MinimumPercent ? details.CompletionThreshold : null;
        var deadline = details.MakeUpAllowed ? details.MakeUpDeadlineDays : null;
        var timing = Enum.IsDefined(details.CertificateTiming) ? details.CertificateTiming : CertificateTiming.WhenRunIsOver;
        var wording = Enum.IsDefined(details.CertificateWording) ? details.CertificateWording : CertificateWording.Completion;
        Set(nameof(Name), Name, name, () => Name = name);
        Set(nameof(AreaId), AreaId, details.AreaId, () => AreaId = details.AreaId);
        Set(nameof(NameKana), NameKana, kana, () => NameKana = kana);
        Set(nameof(Kind), Kind, details.Kind, () => Kind = details.Kind);
        Set(nameof(Description), Description, description, () => Description = description);
        Set(nameof(OrganisationId), OrganisationId, details.OrganisationId, () => OrganisationId = details.OrganisationId);
        Set(nameof(PlannedSessionCount), PlannedSessionCount, details.PlannedSessionCount, () => PlannedSessionCount = details.PlannedSessionCount);
        Set(nameof(CompletionRule), CompletionRule, details.CompletionRule, () => CompletionRule = details.CompletionRule);
        Set(nameof(CompletionThreshold), CompletionThreshold, threshold, () => CompletionThreshold = threshold);
        Set(nameof(ExcusedAbsenceCountsAsAttended), ExcusedAbsenceCountsAsAttended, details.ExcusedAbsenceCountsAsAttended,
            () => ExcusedAbsenceCountsAsAttended = details.ExcusedAbsenceCountsAsAttended);
        Set(nameof(MakeUpAllowed), MakeUpAllowed, details.MakeUpAllowed, () => MakeUpAllowed = details.MakeUpAllowed);
        Set(nameof(MakeUpDeadlineDays), MakeUpDeadlineDays, deadline, () => MakeUpDeadlineDays = deadline);
        Set(nameof(GrantsQualificationTypeId), GrantsQualificationTypeId, details.GrantsQualificationTypeId, () => GrantsQualificationTypeId = details.GrantsQualificationTypeId);
        Set(nameof(RenewsQualificationTypeId), RenewsQualificationTypeId, details.RenewsQualificationTypeId, () => RenewsQualificationTypeId = details.RenewsQualificationTypeId);
        Set(nameof(IsPublic), IsPublic, details.IsPublic, () => IsPublic = details.IsPublic);
        Set(nameof(IsActive), IsActive, details.IsActive, () => IsActive = details.IsActive);
        Set(nameof(CertificateTiming), CertificateTiming, timing, () => CertificateTiming = timing);
        Set(nameof(CertificateWording), CertificateWording, wording, () => CertificateWording = wording);
        return changed;
    }

    /// <summary>Sets the qualification a completion renews (a follow-up training), as the qualification's settings choose.</summary>
    public void RenewQualification(int? qualificationTypeId) => RenewsQualificationTypeId = qualificationTypeId;

    public bool IssuesCertificate => Kind == ProgramKind.CertificateProgram;

    /// <summary>When a completion's certificate is issued: once the run is over (the default), or as soon as the rule is met.</summary>
    public CertificateTiming CertificateTiming { get; private set; } = CertificateTiming.WhenRunIsOver;
    /// <summary>What the certificate says was done: completed (修了) or attended (受講).</summary>
    public CertificateWording CertificateWording { get; private set; } = CertificateWording.Completion;

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
        new ProgramReach(staffAreas, staffOrganisationId, ownOrganisationCityWide).Allows(AreaId, OrganisationId);
}

/// <summary>
/// Which programs a staff member may create and change (<see cref="TrainingProgram.MayBeChangedBy"/>): staff for every area
/// (no areas), a district coordinator those of their districts, and, where the city allows it, a coordinator the
/// city-wide programs of their own organisation.
/// </summary>
public sealed record ProgramReach(IReadOnlyCollection<int> StaffAreas, int? StaffOrganisationId, bool OwnOrganisationCityWide)
{
    /// <summary>Every program: staff who work city-wide.</summary>
    public static readonly ProgramReach Everything = new([], null, false);

    public bool Allows(int? areaId, int organisationId) =>
        StaffAreas.Count == 0 ||
        (areaId is { } area && StaffAreas.Contains(area)) ||
        (areaId is null && OwnOrganisationCityWide && StaffOrganisationId == organisationId);
}

/// <summary>A program's details as staff set them, with the rules that tie them together.</summary>
public sealed record ProgramDetails
{
    public string Name { get; init; } = "";
    public string NameKana { get; init; } = "";
    public ProgramKind Kind { get; init; } = ProgramKind.CertificateProgram;
    public string? Description { get; init; }
    public int OrganisationId { get; init; }
    /// <summary>Null: city-wide.</summary>
    public int? AreaId { get; init; }
    public int PlannedSessionCount { get; init; } = 1;
    public CompletionRuleKind CompletionRule { get; init; } = CompletionRuleKind.AllSessions;
    public int? CompletionThreshold { get; init; }
    public bool ExcusedAbsenceCountsAsAttended { get; init; }
    public bool MakeUpAllowed { get; init; }
    public int? MakeUpDeadlineDays { get; init; }
    public int? GrantsQualificationTypeId { get; init; }
    public int? RenewsQualificationTypeId { get; init; }
    public bool IsPublic { get; init; } = true;
    public bool IsActive { get; init; } = true;
    public CertificateTiming CertificateTiming { get; init; } = CertificateTiming.WhenRunIsOver;
    public CertificateWording CertificateWording { get; init; } = CertificateWording.Completion;

    /// <summary>
    /// Each field as the program form names it (Japanese; the site's resources hold the English): the form's labels and
    /// the audit log's record of an edit read from here, so the two never drift apart.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> FieldLabels = new Dictionary<string, string>
    {
        [nameof(Name)] = "名前",
        [nameof(NameKana)] = "ふりがな",
        [nameof(Kind)] = "種類",
        [nameof(Description)] = "説明（予定表に出ます）",
        [nameof(OrganisationId)] = "主催",
        [nameof(AreaId)] = "地区",
        [nameof(PlannedSessionCount)] = "1期の回数",
        [nameof(CompletionRule)] = "修了のきまり",
        [nameof(CompletionThreshold)] = "必要な回数、または割合（%）",
        [nameof(ExcusedAbsenceCountsAsAttended)] = "連絡のある欠席は出席と同じに数える",
        [nameof(MakeUpAllowed)] = "ほかの期の同じ回で振替できる",
        [nameof(MakeUpDeadlineDays)] = "振替の期限（欠席した日から何日以内）",
        [nameof(CertificateTiming)] = "修了証を交付するとき",
        [nameof(CertificateWording)] = "証書の名前と文",
        [nameof(GrantsQualificationTypeId)] = "修了で得られる資格",
        [nameof(RenewsQualificationTypeId)] = "修了で更新される資格（フォローアップ研修）",
        [nameof(IsPublic)] = "予定表に公開する",
        [nameof(IsActive)] = "使っている",
    };

    public static class Messages
    {
        public const string KanaOnly = "ふりがなは、ひらがなかカタカナで入力してください。";
        public const string ThresholdMissing = "修了に必要な回数・割合を入力してください。";
        public const string ThresholdAbovePlanned = "修了に必要な回数は、全体の回数以下にしてください。";
        public const string ActivityHasNoRule = "集まり・活動には修了のきまりはありません。「なし」を選んでください。";
        public const string CertificateNeedsRule = "修了証のある講座には、修了のきまりを選んでください。";
    }

    /// <summary>
    /// What is wrong with the details on their own, in people's words, by field: the name and description are printed
    /// on certificates and schedules (nothing that reorders, hides or cannot be printed), the furigana is kana, a rule
    /// that counts needs its number (no more sessions than planned), an activity has no completion rule and a
    /// certificate program has one. Empty when nothing.
    /// </summary>
    public IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (PrintableText.Problem(Name) is { } unprintableName) problems.Add((nameof(Name), unprintableName));
        if (PrintableText.Problem(Description, lines: true) is { } unprintableDescription) problems.Add((nameof(Description), unprintableDescription));
        if (!string.IsNullOrWhiteSpace(NameKana) && !NameFolding.IsKana(NameKana.Replace("・", "").Replace("「", "").Replace("」", "")))
            problems.Add((nameof(NameKana), Messages.KanaOnly));
        if (CompletionRule is CompletionRuleKind.MinimumSessions or CompletionRuleKind.MinimumPercent && CompletionThreshold is null)
            problems.Add((nameof(CompletionThreshold), Messages.ThresholdMissing));
        if (CompletionRule == CompletionRuleKind.MinimumSessions && CompletionThreshold > PlannedSessionCount)
            problems.Add((nameof(CompletionThreshold), Messages.ThresholdAbovePlanned));
        if (Kind == ProgramKind.Activity && CompletionRule != CompletionRuleKind.None) problems.Add((nameof(CompletionRule), Messages.ActivityHasNoRule));
        if (Kind == ProgramKind.CertificateProgram && CompletionRule == CompletionRuleKind.None) problems.Add((nameof(CompletionRule), Messages.CertificateNeedsRule));
        return problems;
    }
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
        // Programs on record before the setting wait for approval too; the sentinel lets a new program be saved with it off.
        builder.Property(p => p.LeaderSessionsNeedApproval).HasDefaultValue(true).HasSentinel(true);
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
