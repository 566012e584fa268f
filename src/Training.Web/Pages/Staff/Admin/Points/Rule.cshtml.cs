using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Admin.Points;

/// <summary>
/// The points rule of one kind of activity, from this fiscal year (the year derived again) or from next April (this
/// year untouched). A rule with no cap at all is saved only after a second step that says so.
/// </summary>
public class RuleModel(TrainingDbContext db, Training.Activities.Points points, StaffScope scope, SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public ActivityKind Kind { get; private set; } = null!;
    [BindProperty] public PointRuleInput Input { get; set; } = new();
    /// <summary>Set by the second step's button: the administrator read that the rule has no cap.</summary>
    [BindProperty] public bool NoCapConfirmed { get; set; }
    public bool AskNoCap { get; private set; }
    public IReadOnlyList<(int Id, string Name)> Programs { get; private set; } = [];
    public IReadOnlyList<int> Years => points.RuleYears;
    public int CurrentYear => clock.CurrentFiscalYear;
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int kindId, int? year, CancellationToken cancellationToken)
    {
        if (!await points.EnabledAsync(cancellationToken)) return NotFound();
        if (await LoadAsync(kindId, cancellationToken) is { } missing) return missing;
        var from = year is { } y && Years.Contains(y) ? y : CurrentYear;
        var rules = await db.PointRules.AsNoTracking().Where(r => r.KindId == kindId).ToListAsync(cancellationToken);
        var rule = rules.FirstOrDefault(r => r.FromFiscalYear == from) ?? PointLedger.RulesFor(from, rules).GetValueOrDefault(kindId);
        Input = rule is null ? new PointRuleInput { Mode = PointMode.PerVisit } : PointRuleInput.From(rule);
        Input.KindId = kindId;
        Input.FromFiscalYear = from;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int kindId, CancellationToken cancellationToken)
    {
        if (!await points.EnabledAsync(cancellationToken)) return NotFound();
        Input.KindId = kindId;
        switch (await points.SaveRuleAsync(Input, NoCapConfirmed, scope.Actor, cancellationToken))
        {
            case PointRuleChange.Saved saved:
                Message = saved.Rederiving
                    ? string.Format(t["{0}のきまりを保存しました。今年度のポイントを計算し直しています。"], Input.FromFiscalYear == CurrentYear ? t["今年度から"] : t["来年度から"])
                    : string.Format(t["{0}のきまりを保存しました。今年度のポイントは変わりません。"], Input.FromFiscalYear == CurrentYear ? t["今年度から"] : t["来年度から"]);
                return RedirectToPage("/Staff/Admin/Points/Index");
            case PointRuleChange.NotFound:
                return NotFound();
            case PointRuleChange.Invalid invalid:
                foreach (var problem in invalid.Problems) ModelState.AddModelError($"Input.{problem.Field}", t[problem.Message]);
                break;
            case PointRuleChange.NeedsConfirmation:
                AskNoCap = true;
                break;
        }
        if (await LoadAsync(kindId, cancellationToken) is { } gone) return gone;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int kindId, CancellationToken cancellationToken)
    {
        var kind = await db.ActivityKinds.AsNoTracking().FirstOrDefaultAsync(k => k.Id == kindId, cancellationToken);
        if (kind is null) return NotFound();
        Kind = kind;
        Programs = (await db.Programs.AsNoTracking().Select(p => new { p.Id, p.Name, p.NameKana }).ToListAsync(cancellationToken))
            .OrderBy(p => p.NameKana, StringComparer.Ordinal).Select(p => (p.Id, p.Name)).ToList();
        return null;
    }
}
