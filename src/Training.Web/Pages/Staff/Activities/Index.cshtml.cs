using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Activities;

/// <summary>The local activities (地域資源) the staff member works with, in 五十音順 by furigana, filtered by district and kind.</summary>
public class IndexModel(TrainingDbContext db, StaffScope scope) : PageModel
{
    public sealed record Row(int Id, string Name, string NameKana, string Kind, string? Area, string Schedule, int OpenNeeds, bool IsActive);
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Kinds { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public int? Area { get; set; }
    [BindProperty(SupportsGet = true)] public int? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public bool Ended { get; set; }
    public bool CityWideAllowed { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var mine = await scope.AreaIdsAsync(cancellationToken);
        CityWideAllowed = mine.Count == 0;
        Areas = await db.AreasForCorrectionAsync(mine, null, cancellationToken);
        Kinds = (await db.ActivityKinds.AsNoTracking().OrderBy(k => k.SortOrder).ThenBy(k => k.Id).Select(k => new { k.Id, k.Name, k.NameEn }).ToListAsync(cancellationToken))
            .Select(k => (k.Id, Training.Activities.ActivityKind.NameFor(k.Name, k.NameEn, Display.IsEnglish))).ToList();
        var activities = db.LocalActivities.AsNoTracking();
        if (mine.Count > 0) activities = activities.Where(a => a.AreaId != null && mine.Contains(a.AreaId.Value));
        if (Area is { } area) activities = area == 0 ? activities.Where(a => a.AreaId == null) : activities.Where(a => a.AreaId == area);
        if (Kind is { } kind) activities = activities.Where(a => a.KindId == kind);
        if (!Ended) activities = activities.Where(a => a.IsActive);
        Rows = (await activities.OrderBy(a => a.NameKana).ThenBy(a => a.Id)
                .Select(a => new { a.Id, a.Name, a.NameKana, Kind = a.Kind!.Name, KindEn = a.Kind.NameEn, Area = a.Area != null ? a.Area.Name : null, a.Schedule,
                    OpenNeeds = a.Needs.Count(n => n.IsOpen), a.IsActive })
                .ToListAsync(cancellationToken))
            .Select(a => new Row(a.Id, a.Name, a.NameKana, Training.Activities.ActivityKind.NameFor(a.Kind, a.KindEn, Display.IsEnglish), a.Area, a.Schedule, a.OpenNeeds, a.IsActive)).ToList();
    }
}
