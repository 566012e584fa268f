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
/// Volunteer points (ボランティアポイント), optional per city: the switch, and — when on — each kind of activity with its
/// rule this fiscal year and any rule from next April, and the fiscal years still being derived (with why a try failed).
/// </summary>
public class IndexModel(TrainingDbContext db, Training.Activities.Points points, StaffScope scope, SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record Row(ActivityKind Kind, PointRule? Current, PointRule? Next);
    public bool Enabled { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<PointYearMark> Marks { get; private set; } = [];
    public IReadOnlyDictionary<int, string> Programs { get; private set; } = new Dictionary<int, string>();
    public int CurrentYear => clock.CurrentFiscalYear;
    public SiteClock Clock => clock;
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Enabled = await points.EnabledAsync(cancellationToken);
        if (!Enabled) return;
        var rules = await db.PointRules.AsNoTracking().ToListAsync(cancellationToken);
        var current = PointLedger.RulesFor(CurrentYear, rules);
        var kinds = await db.ActivityKinds.AsNoTracking().OrderBy(k => k.SortOrder).ThenBy(k => k.Id).ToListAsync(cancellationToken);
        Rows = kinds.Where(k => k.IsActive || current.ContainsKey(k.Id))
            .Select(k => new Row(k, current.GetValueOrDefault(k.Id), rules.FirstOrDefault(r => r.KindId == k.Id && r.FromFiscalYear == CurrentYear + 1))).ToList();
        Marks = await db.PointYearMarks.AsNoTracking().OrderBy(m => m.FiscalYear).ToListAsync(cancellationToken);
        var programIds = rules.Select(r => r.RequiredProgramId).OfType<int>().Distinct().ToList();
        Programs = await db.Programs.AsNoTracking().Where(p => programIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
    }

    /// <summary>Turns points on or off for the city.</summary>
    public async Task<IActionResult> OnPostEnabledAsync(bool enabled, CancellationToken cancellationToken)
    {
        await points.SetEnabledAsync(enabled, scope.Actor, cancellationToken);
        Message = enabled ? t["ボランティアポイントを使うようにしました。今年度のポイントを計算しています。"] : t["ボランティアポイントを使わないようにしました。ポイントはどの画面にも出ません。"];
        return RedirectToPage();
    }
}
