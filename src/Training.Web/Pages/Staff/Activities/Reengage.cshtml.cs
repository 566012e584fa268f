using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Activities;

/// <summary>
/// Trained helpers who are lapsed or were never active, within the staff member's reach: their last activity, their
/// stage and the next refresher or follow-up course. Used as a mailing (email to those who agreed to be suggested
/// activities) or a call list (the others who did not refuse); a confirmation first says how many and who.
/// </summary>
public class ReengageModel(TrainingDbContext db, StaffScope scope, Reengagement reengagement, Training.Time.SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public DateTime ToLocal(DateTime utc) => clock.ToLocal(utc);
    public IReadOnlyList<ReengageRow> Rows { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public HelperStage? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public int? Area { get; set; }
    /// <summary>The people ticked on the list.</summary>
    [BindProperty] public List<int> Ids { get; set; } = [];
    /// <summary>Set on the confirmation step: the people to be told, as the list has them now.</summary>
    public IReadOnlyList<ReengageRow>? ToTell { get; private set; }
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>The confirmation: how many will get an email, how many go on the call list, and who; nothing is sent yet.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        ToTell = Rows.Where(r => Ids.Contains(r.PersonId)).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(CancellationToken cancellationToken)
    {
        var outcome = await reengagement.SendAsync(await scope.AreaIdsAsync(cancellationToken), Stage, Area, Ids, scope.Actor, cancellationToken);
        Message = string.Format(t["メールを{0}人に送り、{1}人を電話の一覧に加えました。"], outcome.Emailed, outcome.Called)
            + (outcome.AlreadyTold > 0 ? " " + string.Format(t["{0}人には今月すでにご案内済みのため、送っていません。"], outcome.AlreadyTold) : "");
        return RedirectToPage(new { stage = Stage, area = Area });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var mine = await scope.AreaIdsAsync(cancellationToken);
        Areas = await db.AreasForCorrectionAsync(mine, null, cancellationToken);
        if (Area is { } area && Areas.All(a => a.Id != area)) Area = null;
        Rows = await reengagement.ListAsync(mine, Stage is HelperStage.Lapsed or HelperStage.Trained ? Stage : null, Area, cancellationToken);
    }
}
