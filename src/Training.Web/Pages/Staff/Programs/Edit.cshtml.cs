using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Data;

namespace Training.Web.Pages.Staff.Programs;

/// <summary>Creates or changes a program: its sessions, how it is completed, and the qualification it grants.</summary>
public class EditModel(TrainingDbContext db, Training.Web.Staff.StaffScope scope, IStringLocalizer<SharedResource> t, ProgramEditing editing) : PageModel
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

        public static InputModel From(ProgramDetails details) => new()
        {
            Name = details.Name, NameKana = details.NameKana, Kind = details.Kind, Description = details.Description, OrganisationId = details.OrganisationId,
            AreaId = details.AreaId, PlannedSessionCount = details.PlannedSessionCount, CompletionRule = details.CompletionRule,
            CompletionThreshold = details.CompletionThreshold, ExcusedAbsenceCountsAsAttended = details.ExcusedAbsenceCountsAsAttended,
            MakeUpAllowed = details.MakeUpAllowed, MakeUpDeadlineDays = details.MakeUpDeadlineDays, GrantsQualificationTypeId = details.GrantsQualificationTypeId,
            RenewsQualificationTypeId = details.RenewsQualificationTypeId, IsPublic = details.IsPublic, IsActive = details.IsActive,
            CertificateTiming = details.CertificateTiming, CertificateWording = details.CertificateWording,
        };

        public ProgramDetails ToDetails() => new()
        {
            Name = Name, NameKana = NameKana, Kind = Kind, Description = Description, OrganisationId = OrganisationId ?? 0, AreaId = AreaId,
            PlannedSessionCount = PlannedSessionCount, CompletionRule = CompletionRule, CompletionThreshold = CompletionThreshold,
            ExcusedAbsenceCountsAsAttended = ExcusedAbsenceCountsAsAttended, MakeUpAllowed = MakeUpAllowed, MakeUpDeadlineDays = MakeUpDeadlineDays,
            GrantsQualificationTypeId = GrantsQualificationTypeId, RenewsQualificationTypeId = RenewsQualificationTypeId, IsPublic = IsPublic, IsActive = IsActive,
            CertificateTiming = CertificateTiming, CertificateWording = CertificateWording,
        };
    }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (id is null) return Page();
        var program = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (program is null) return NotFound();
        if (!await scope.MayChangeAsync(program, cancellationToken)) return Forbid();
        Id = id;
        Input = InputModel.From(program.Details());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Id = id;
        var details = Input.ToDetails();
        var reach = await scope.ProgramReachAsync(cancellationToken);
        // The binder's complaints and the program's rules are shown together; the same message twice on a field, once.
        var outcome = ModelState.IsValid
            ? await editing.SaveAsync(id, details, reach, scope.Actor, cancellationToken)
            : await editing.RefusalAsync(id, details, reach, cancellationToken) ?? new ProgramEdit.Invalid([]);
        switch (outcome)
        {
            case ProgramEdit.NotFound:
                return NotFound();
            case ProgramEdit.Forbidden:
                return Forbid();
            case ProgramEdit.Invalid invalid:
                foreach (var (field, message) in invalid.Problems)
                {
                    var key = $"Input.{field}";
                    var text = t[message].Value;
                    if (ModelState.TryGetValue(key, out var entry) && entry.Errors.Any(e => e.ErrorMessage == text)) continue;
                    ModelState.AddModelError(key, text);
                }
                return Page();
            case ProgramEdit.Saved { RuleChanged: true } saved:
                TempData["Message"] = string.Format(t["修了のきまりを変えました。{0}期の修了を、新しいきまりで計算し直します。修了証を受け取った方がきまりを満たさなくなったときは「要確認」になり、自動では取り消しません。"], saved.RunsToDerive);
                break;
        }
        return RedirectToPage("/Staff/Programs/Index");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var mine = await scope.AreaIdsAsync(cancellationToken);
        CityWide = mine.Count == 0;
        Areas = (await db.AreasAsync(cancellationToken)).Where(a => CityWide || mine.Contains(a.Id)).ToList();
        Organisations = await db.OrganisationsAsync(cancellationToken);
        QualificationTypes = (await db.QualificationTypes.AsNoTracking().OrderBy(q => q.Name).Select(q => new { q.Id, q.Name }).ToListAsync(cancellationToken)).Select(q => (q.Id, q.Name)).ToList();
    }
}
