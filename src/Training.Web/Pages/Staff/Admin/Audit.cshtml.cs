using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Audit;
using Training.Data;
using Training.Text;
using Training.Time;

namespace Training.Web.Pages.Staff.Admin;

/// <summary>
/// The audit log (administrators only): who saw or did what to whose data, and when — filtered by staff member, person
/// and dates, and downloadable as CSV (the download itself is recorded).
/// </summary>
public class AuditModel(TrainingDbContext db, SiteClock clock, Training.Web.Staff.StaffAudit audit, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 500;
    [BindProperty(SupportsGet = true)] public int? PersonId { get; set; }
    [BindProperty(SupportsGet = true)] public string? StaffName { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    public IReadOnlyList<Row> Entries { get; private set; } = [];
    public SiteClock Clock => clock;

    public sealed record Row(AuditEntry Entry, string? PersonName);

    public async Task OnGetAsync(CancellationToken cancellationToken) => Entries = await ReadAsync(PageSize, cancellationToken);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(100_000, cancellationToken);
        await audit.RecordAsync("audit-export", "Audit", "", $"{rows.Count} rows; staff={StaffName}; person={PersonId}; {From:yyyy-MM-dd}..{To:yyyy-MM-dd}",
            cancellationToken: cancellationToken);
        var text = new StringBuilder();
        text.Append(Csv.Line([t["日時"].Value, t["職員"].Value, t["操作"].Value, t["対象"].Value, t["内容"].Value, t["接続元"].Value])).Append("\r\n");
        foreach (var (e, name) in rows)
            text.Append(Csv.Line([Display.DateTime(clock.ToLocal(e.At)), e.StaffUserName, t[AuditActions.Label(e.Action)].Value,
                name ?? $"{e.EntityType} {e.EntityId}", e.Details, e.RemoteAddress])).Append("\r\n");
        return File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())], "text/csv; charset=utf-8", $"audit-{clock.Today:yyyyMMdd}.csv");
    }

    private async Task<List<Row>> ReadAsync(int take, CancellationToken cancellationToken)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (PersonId is not null) query = query.Where(e => e.PersonId == PersonId);
        if (!string.IsNullOrWhiteSpace(StaffName)) query = query.Where(e => e.StaffUserName.Contains(StaffName.Trim()));
        if (From is { } from) query = query.Where(e => e.At >= clock.StartOfDayUtc(from));
        if (To is { } to) query = query.Where(e => e.At < clock.StartOfDayUtc(to.AddDays(1)));
        return (await query.OrderByDescending(e => e.Id).Take(take)
                .Select(e => new { Entry = e, Name = db.People.Where(p => p.Id == e.PersonId).Select(p => p.FamilyName + " " + p.GivenName).FirstOrDefault() })
                .ToListAsync(cancellationToken))
            .Select(r => new Row(r.Entry, r.Name)).ToList();
    }
}
