using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.Reports;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Activities;

/// <summary>
/// Trained helpers who are lapsed or were never active, within the staff member's reach: their last activity, their
/// stage and the next refresher or follow-up course. Used as a mailing (email to those who agreed to be suggested
/// activities) or a call list (the others who did not refuse); a confirmation first says how many and who.
/// </summary>
public class ReengageModel(TrainingDbContext db, StaffScope scope, Reengagement reengagement, ReengagementExport export, Training.Time.SiteClock clock,
    IStringLocalizer<SharedResource> t) : PageModel
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
        Message = (outcome.Line + outcome.Sms == 0
                ? string.Format(t["メールを{0}人に送り、{1}人を電話の一覧に加えました。"], outcome.Emailed, outcome.Called)
                : string.Format(t["メールを{0}人、LINEを{1}人、SMSを{2}人に送り、{3}人を電話の一覧に加えました。"], outcome.Emailed, outcome.Line, outcome.Sms, outcome.Called))
            + (outcome.AlreadyTold > 0 ? " " + string.Format(t["{0}人には今月すでにご案内済みのため、送っていません。"], outcome.AlreadyTold) : "");
        return RedirectToPage(new { stage = Stage, area = Area });
    }

    /// <summary>The same list on A4 for phoning from paper; audited.</summary>
    public async Task<IActionResult> OnGetPdfAsync(CancellationToken cancellationToken)
    {
        var (mine, stage) = await FiltersAsync(cancellationToken);
        return Download(await export.PrintAsync(mine, stage, Area, scope.Actor, cancellationToken));
    }

    /// <summary>The same list as CSV or XLSX (for a mail merge or a spreadsheet); audited.</summary>
    public Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken) => FileAsync(ParticipantFormat.Csv, cancellationToken);

    public Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken) => FileAsync(ParticipantFormat.Xlsx, cancellationToken);

    private async Task<IActionResult> FileAsync(ParticipantFormat format, CancellationToken cancellationToken)
    {
        var (mine, stage) = await FiltersAsync(cancellationToken);
        return Download(await export.ExportAsync(mine, stage, Area, format, scope.Actor, cancellationToken));
    }

    private FileContentResult Download(ParticipantFile file)
    {
        Response.Headers.CacheControl = "no-store";
        return File(file.Content, file.ContentType, file.FileName);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var (mine, stage) = await FiltersAsync(cancellationToken);
        Rows = await reengagement.ListAsync(mine, stage, Area, cancellationToken);
    }

    /// <summary>
    /// The staff member's districts, read on this request, and the filters as the list takes them: a district they do not
    /// cover is dropped (the page, the print and the files agree), a stage other than lapsed or never active is ignored.
    /// </summary>
    private async Task<(IReadOnlyCollection<int> Mine, HelperStage? Stage)> FiltersAsync(CancellationToken cancellationToken)
    {
        var mine = await scope.AreaIdsAsync(cancellationToken);
        Areas = await db.AreasForCorrectionAsync(mine, null, cancellationToken);
        if (Area is { } area && Areas.All(a => a.Id != area)) Area = null;
        return (mine, Stage is HelperStage.Lapsed or HelperStage.Trained ? Stage : null);
    }
}
