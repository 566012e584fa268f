using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Audit;
using Training.Data;
using Training.People;
using Training.Text;
using Training.Time;

namespace Training.Web.Pages.Staff.Admin;

/// <summary>
/// The audit log (administrators only): who saw or did what, to whom, and when — in words, filtered by kind of action,
/// person, course, staff member and dates, and downloadable as CSV (the download itself is recorded). Views of one
/// person's data by one staff member on one day read as one row with a count, so they do not bury the changes.
/// </summary>
public class AuditModel(TrainingDbContext db, SiteClock clock, Training.Web.Staff.StaffAudit audit, PeopleDirectory directory, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 500;
    /// <summary>How many single views are read to group them; beyond it the oldest groups of the page may undercount.</summary>
    private const int ViewsRead = 20_000;
    public const string SystemKey = "system";

    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public int? PersonId { get; set; }
    /// <summary>A name or furigana; matched the way the people search matches, to the people it finds.</summary>
    [BindProperty(SupportsGet = true)] public string? Person { get; set; }
    [BindProperty(SupportsGet = true)] public int? CourseId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Staff { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    public IReadOnlyList<Row> Entries { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> StaffChoices { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> CourseChoices { get; private set; } = [];
    public string? PersonName { get; private set; }
    public SiteClock Clock => clock;

    /// <summary>One line of the log: an action, or a day's views of one person by one staff member (<see cref="Count"/> &gt; 1).</summary>
    public sealed record Row(AuditEntry Entry, string StaffName, string Target, int Count, DateTime FirstAt);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadChoicesAsync(cancellationToken);
        Entries = await ReadAsync(PageSize, cancellationToken);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(100_000, cancellationToken);
        await audit.RecordAsync(AuditAction.AuditExport, AuditTarget.OfSetting("Audit", null, t["個人情報の利用記録"]),
            $"{rows.Count} rows; kind={Kind}; staff={Staff}; person={PersonId}{Person}; course={CourseId}; {From:yyyy-MM-dd}..{To:yyyy-MM-dd}", cancellationToken);
        var zone = clock.Zone;
        var text = new StringBuilder();
        text.Append(Csv.Line([t["日付"].Value, t["時刻"].Value, t["タイムゾーン"].Value, t["職員"].Value, t["操作の種類"].Value, t["操作"].Value, t["対象"].Value,
            t["参加者の番号"].Value, t["講座の番号"].Value, t["内容"].Value, t["回数"].Value, t["接続元"].Value])).Append("\r\n");
        foreach (var row in rows)
        {
            var local = clock.ToLocal(row.Entry.At);
            var offset = zone.GetUtcOffset(row.Entry.At);
            text.Append(Csv.Line([local.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                local.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                $"{zone.Id} (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm})", row.StaffName,
                t[KindLabel(row.Entry.Action)].Value, t[AuditActions.Label(row.Entry.Action)].Value, row.Target,
                row.Entry.PersonId?.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Entry.CourseId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                AuditDetails.Describe(row.Entry, t), row.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Entry.RemoteAddress])).Append("\r\n");
        }
        return File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())], "text/csv; charset=utf-8", $"audit-{clock.Today:yyyyMMdd}.csv");
    }

    /// <summary>The kind of a stored action in words; none for a code no longer declared.</summary>
    public static string KindLabel(string action) => AuditActions.Find(action)?.Kind.Label ?? "";

    private async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        StaffChoices = (await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken))
            .Select(u => (u.Id, string.IsNullOrEmpty(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName)).ToList();
        CourseChoices = (await db.Courses.AsNoTracking().OrderByDescending(c => c.Id).Take(300)
                .Select(c => new { c.Id, Program = c.Program!.Name, c.Title }).ToListAsync(cancellationToken))
            .Select(c => (c.Id, $"{c.Program} {c.Title}")).ToList();
        if (PersonId is { } id)
            PersonName = await db.People.AsNoTracking().Where(p => p.Id == id).Select(Training.People.Person.FullNameInQuery).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<List<Row>> ReadAsync(int take, CancellationToken cancellationToken)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(Kind) && AuditKind.All.Any(k => k.Code == Kind))
        {
            var actions = AuditActions.ActionsOf(Kind).ToList();
            query = query.Where(e => actions.Contains(e.Action));
        }
        if (PersonId is not null) query = query.Where(e => e.PersonId == PersonId);
        if (!string.IsNullOrWhiteSpace(Person) && Person.Length <= 100)
        {
            var found = (await directory.SearchAsync(db.People.AsNoTracking(), Person.Trim(), 200, cancellationToken)).Select(p => (int?)p.Id).ToList();
            query = query.Where(e => found.Contains(e.PersonId));
        }
        if (CourseId is not null) query = query.Where(e => e.CourseId == CourseId);
        if (Staff == SystemKey) query = query.Where(e => e.StaffUserId == null);
        else if (!string.IsNullOrEmpty(Staff)) query = query.Where(e => e.StaffUserId == Staff);
        if (From is { } from) query = query.Where(e => e.At >= clock.StartOfDayUtc(from));
        if (To is { } to) query = query.Where(e => e.At < clock.StartOfDayUtc(to.AddDays(1)));

        var names = (await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken))
            .ToDictionary(u => u.Id, u => string.IsNullOrEmpty(u.DisplayName) ? u.Email ?? "" : u.DisplayName);
        var actions2 = await query.Where(e => e.Action != AuditAction.View.Code).OrderByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);
        var views = await query.Where(e => e.Action == AuditAction.View.Code).OrderByDescending(e => e.Id).Take(ViewsRead).ToListAsync(cancellationToken);
        // Rows written before targets were stored in words get their person's name now.
        var unnamed = actions2.Concat(views).Where(e => e.TargetLabel == "" && e.PersonId != null).Select(e => e.PersonId!.Value).Distinct().ToList();
        var personNames = await db.People.AsNoTracking().Where(p => unnamed.Contains(p.Id))
            .Select(p => new { p.Id, Name = p.GivenName == "" ? p.FamilyName : p.FamilyName + " " + p.GivenName }).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);

        string Staffer(AuditEntry e) => e.StaffUserId is not null ? names.GetValueOrDefault(e.StaffUserId) ?? e.StaffUserName
            : e.StaffUserName == Actor.ResidentName ? t["ご本人（ウェブ）"] : t["システム（自動）"];
        string Target(AuditEntry e) => e.TargetLabel is not "" ? e.TargetLabel
            : e.PersonId is { } p && personNames.TryGetValue(p, out var n) ? n
            : t[TypeLabel(e.EntityType)];
        var rows = actions2.Select(e => new Row(e, Staffer(e), Target(e), 1, e.At))
            .Concat(views.GroupBy(e => (e.StaffUserId, e.PersonId, Day: DateOnly.FromDateTime(clock.ToLocal(e.At))))
                .Select(g => new Row(g.First(), Staffer(g.First()), Target(g.First()), g.Count(), g.Min(e => e.At))));
        return rows.OrderByDescending(r => r.Entry.At).ThenByDescending(r => r.Entry.Id).Take(take).ToList();
    }

    /// <summary>What a row without a stored label is about, in words (never an id).</summary>
    public static string TypeLabel(string entityType) => entityType switch
    {
        "Person" => "参加者",
        "Course" => "講座",
        "Session" => "講座の回",
        "Program" => "研修",
        "Registration" => "申し込み",
        "Certificate" => "修了証",
        "StaffUser" => "職員",
        "QualificationType" => "資格の種類",
        "Organisation" => "団体",
        "Area" => "地区",
        "Import" => "取り込んだファイル",
        "CallList" => "電話連絡リスト",
        _ => "その他",
    };
}
