using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Data;
using Training.Text;

namespace Training.Web.Pages.Staff.Programs;

/// <summary>Creates or changes a program: its sessions, how it is completed, and the qualification it grants.</summary>
public class EditModel(TrainingDbContext db, Training.Web.Staff.StaffScope scope, IStringLocalizer<SharedResource> t, UnitOfWork unitOfWork, Training.Audit.AuditLog audit,
    Training.Attendance.CompletionService completions) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();
    public int? Id { get; private set; }
    public IReadOnlyList<(int Id, string Name)> Organisations { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> QualificationTypes { get; private set; } = [];
    /// <summary>Districts this staff member may give a program; empty list with <see cref="CityWide"/> for all.</summary>
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];
    public bool CityWide { get; private set; }

    public class InputModel
    {
        [Required(ErrorMessage = "名前を入力してください。"), StringLength(200, ErrorMessage = "200文字以内で入力してください。")]
        public string Name { get; set; } = "";
        [Required(ErrorMessage = "ふりがなを入力してください。"), StringLength(400, ErrorMessage = "400文字以内で入力してください。")]
        public string NameKana { get; set; } = "";
        public ProgramKind Kind { get; set; } = ProgramKind.CertificateProgram;
        [StringLength(4000, ErrorMessage = "4000文字以内で入力してください。")]
        public string? Description { get; set; }
        [Required(ErrorMessage = "主催を選んでください。")] public int? OrganisationId { get; set; }
        /// <summary>Null: city-wide.</summary>
        public int? AreaId { get; set; }
        [Range(1, 100, ErrorMessage = "回数は1〜100で入力してください。")] public int PlannedSessionCount { get; set; } = 5;
        public CompletionRuleKind CompletionRule { get; set; } = CompletionRuleKind.AllSessions;
        [Range(1, 100, ErrorMessage = "修了に必要な回数・割合は1〜100で入力してください。")] public int? CompletionThreshold { get; set; }
        public bool ExcusedAbsenceCountsAsAttended { get; set; }
        public bool MakeUpAllowed { get; set; }
        [Range(1, 3650, ErrorMessage = "振替の期限は1〜3650日で入力してください。")] public int? MakeUpDeadlineDays { get; set; }
        public int? GrantsQualificationTypeId { get; set; }
        public int? RenewsQualificationTypeId { get; set; }
        public bool IsPublic { get; set; } = true;
        public bool IsActive { get; set; } = true;
        public CertificateTiming CertificateTiming { get; set; } = CertificateTiming.WhenRunIsOver;
        public CertificateWording CertificateWording { get; set; } = CertificateWording.Completion;
    }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (id is null) return Page();
        var program = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (program is null) return NotFound();
        if (!await scope.MayChangeAsync(program, cancellationToken)) return Forbid();
        Id = id;
        Input = new InputModel
        {
            Name = program.Name, NameKana = program.NameKana, Kind = program.Kind, Description = program.Description, OrganisationId = program.OrganisationId, AreaId = program.AreaId,
            PlannedSessionCount = program.PlannedSessionCount, CompletionRule = program.CompletionRule, CompletionThreshold = program.CompletionThreshold,
            ExcusedAbsenceCountsAsAttended = program.ExcusedAbsenceCountsAsAttended, MakeUpAllowed = program.MakeUpAllowed,
            MakeUpDeadlineDays = program.MakeUpDeadlineDays, GrantsQualificationTypeId = program.GrantsQualificationTypeId,
            RenewsQualificationTypeId = program.RenewsQualificationTypeId, IsPublic = program.IsPublic, IsActive = program.IsActive,
            CertificateTiming = program.CertificateTiming, CertificateWording = program.CertificateWording,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Id = id;
        var program = id is null ? new TrainingProgram { Name = "" } : await db.Programs.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (program is null) return NotFound();
        // Both what the program is now and what it would become must be within the staff member's reach.
        if (id is not null && !await scope.MayChangeAsync(program, cancellationToken)) return Forbid();
        if (Input.AreaId is not null ? Areas.All(a => a.Id != Input.AreaId) : !CityWide && !await MayLeaveCityWideAsync(cancellationToken))
            ModelState.AddModelError("Input.AreaId", t["担当の地区を選んでください。市全域の講座・活動は管理者が設定します。"]);
        // The program's name is printed on every certificate and schedule: nothing that reorders, hides or cannot be printed.
        if (Training.Text.PrintableText.Problem(Input.Name) is { } unprintableName) ModelState.AddModelError("Input.Name", t[unprintableName]);
        if (Training.Text.PrintableText.Problem(Input.Description, lines: true) is { } unprintableDescription) ModelState.AddModelError("Input.Description", t[unprintableDescription]);
        if (!string.IsNullOrWhiteSpace(Input.NameKana) && !NameFolding.IsKana(Input.NameKana.Replace("・", "").Replace("「", "").Replace("」", "")))
            ModelState.AddModelError("Input.NameKana", t["ふりがなは、ひらがなかカタカナで入力してください。"]);
        if (Input.OrganisationId is not null && Organisations.All(o => o.Id != Input.OrganisationId))
            ModelState.AddModelError("Input.OrganisationId", t["主催を選んでください。"]);
        if (Input.CompletionRule is CompletionRuleKind.MinimumSessions or CompletionRuleKind.MinimumPercent && Input.CompletionThreshold is null)
            ModelState.AddModelError("Input.CompletionThreshold", t["修了に必要な回数・割合を入力してください。"]);
        if (Input.CompletionRule == CompletionRuleKind.MinimumSessions && Input.CompletionThreshold > Input.PlannedSessionCount)
            ModelState.AddModelError("Input.CompletionThreshold", t["修了に必要な回数は、全体の回数以下にしてください。"]);
        if (Input.Kind == ProgramKind.Activity && Input.CompletionRule != CompletionRuleKind.None)
            ModelState.AddModelError("Input.CompletionRule", t["集まり・活動には修了のきまりはありません。「なし」を選んでください。"]);
        if (Input.Kind == ProgramKind.CertificateProgram && Input.CompletionRule == CompletionRuleKind.None)
            ModelState.AddModelError("Input.CompletionRule", t["修了証のある講座には、修了のきまりを選んでください。"]);
        foreach (var (value, key) in new[] { (Input.GrantsQualificationTypeId, "Input.GrantsQualificationTypeId"), (Input.RenewsQualificationTypeId, "Input.RenewsQualificationTypeId") })
            if (value is not null && QualificationTypes.All(q => q.Id != value)) ModelState.AddModelError(key, t["資格を選び直してください。"]);
        if (!ModelState.IsValid) return Page();

        var ruleBefore = program.CompletionRuleFingerprint;
        program.Name = Input.Name.Trim();
        program.AreaId = Input.AreaId;
        program.NameKana = NameFolding.NormaliseFurigana(Input.NameKana);
        program.Kind = Input.Kind;
        program.Description = Input.Description?.Trim() ?? "";
        program.OrganisationId = Input.OrganisationId!.Value;
        program.PlannedSessionCount = Input.PlannedSessionCount;
        program.CompletionRule = Input.CompletionRule;
        program.CompletionThreshold = Input.CompletionRule is CompletionRuleKind.MinimumSessions or CompletionRuleKind.MinimumPercent ? Input.CompletionThreshold : null;
        program.ExcusedAbsenceCountsAsAttended = Input.ExcusedAbsenceCountsAsAttended;
        program.MakeUpAllowed = Input.MakeUpAllowed;
        program.MakeUpDeadlineDays = Input.MakeUpAllowed ? Input.MakeUpDeadlineDays : null;
        program.GrantsQualificationTypeId = Input.GrantsQualificationTypeId;
        program.RenewsQualificationTypeId = Input.RenewsQualificationTypeId;
        program.IsPublic = Input.IsPublic;
        program.IsActive = Input.IsActive;
        program.CertificateTiming = Enum.IsDefined(Input.CertificateTiming) ? Input.CertificateTiming : CertificateTiming.WhenRunIsOver;
        program.CertificateWording = Enum.IsDefined(Input.CertificateWording) ? Input.CertificateWording : CertificateWording.Completion;
        if (id is null) db.Programs.Add(program);
        var ruleChanged = id is not null && ruleBefore != program.CompletionRuleFingerprint;
        var runs = await unitOfWork.RunAsync(async ct =>
        {
            var changed = id is null ? "" : string.Join(", ", db.Entry(program).Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name));
            await db.SaveChangesAsync(ct);
            if (id is null || changed != "") audit.Record(scope.Actor, id is null ? Training.Audit.AuditAction.ProgramCreate : Training.Audit.AuditAction.ProgramEdit, Training.Audit.AuditTarget.Of(program), changed);
            // A new rule is applied to every run of the program: each is marked, derived again once this commits, and
            // derived at the next start should the process stop first. Certificates already issued are never changed:
            // those who no longer meet the rule are flagged for review.
            if (!ruleChanged) return 0;
            var count = await completions.MarkProgramStaleAsync(program.Id, ct);
            unitOfWork.Enqueue<Training.Attendance.ProgramCompletionsJob>(job => job.RunAsync(program.Id, CancellationToken.None));
            return count;
        }, cancellationToken);
        if (ruleChanged)
            TempData["Message"] = string.Format(t["修了のきまりを変えました。{0}期の修了を、新しいきまりで計算し直します。修了証を受け取った方がきまりを満たさなくなったときは「要確認」になり、自動では取り消しません。"], runs);
        return RedirectToPage("/Staff/Programs/Index");
    }

    /// <summary>A coordinator allowed to change their organisation's city-wide programs may keep one city-wide.</summary>
    private async Task<bool> MayLeaveCityWideAsync(CancellationToken cancellationToken) =>
        Input.OrganisationId is { } organisationId &&
        await scope.MayChangeAsync(new TrainingProgram { Name = "", OrganisationId = organisationId }, cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var mine = await scope.AreaIdsAsync(cancellationToken);
        CityWide = mine.Count == 0;
        Areas = (await db.AreasAsync(cancellationToken)).Where(a => CityWide || mine.Contains(a.Id)).ToList();
        Organisations = await db.OrganisationsAsync(cancellationToken);
        QualificationTypes = (await db.QualificationTypes.AsNoTracking().OrderBy(q => q.Name).Select(q => new { q.Id, q.Name }).ToListAsync(cancellationToken)).Select(q => (q.Id, q.Name)).ToList();
    }
}
