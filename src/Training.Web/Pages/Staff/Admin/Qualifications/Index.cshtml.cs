using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Data;

namespace Training.Web.Pages.Staff.Admin.Qualifications;

/// <summary>The qualifications programs grant (生活支援サポーター …): validity, holders, and which programs grant and renew them.</summary>
public class IndexModel(TrainingDbContext db, Training.Qualifications.QualificationService qualifications) : PageModel
{
    /// <param name="Ungranted">Programs granting it whose completers do not all hold it (attached after they completed): how many lack it.</param>
    public sealed record Row(int Id, string Name, int? ValidityMonths, int Holders, IReadOnlyList<string> Granting, IReadOnlyList<string> Renewing,
        IReadOnlyList<(int ProgramId, string Program, int Count)> Ungranted);

    public IReadOnlyList<Row> Types { get; private set; } = [];
    [Microsoft.AspNetCore.Mvc.TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var types = await db.QualificationTypes.AsNoTracking().OrderBy(q => q.Name).ToListAsync(cancellationToken);
        var holders = await db.Qualifications.AsNoTracking().Where(q => q.WithdrawnAt == null).GroupBy(q => q.QualificationTypeId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var programs = await db.Programs.AsNoTracking().Select(p => new { p.Id, p.Name, p.GrantsQualificationTypeId, p.RenewsQualificationTypeId }).ToListAsync(cancellationToken);
        var ungranted = await qualifications.UngrantedCountsAsync(cancellationToken);
        Types = types.Select(t => new Row(t.Id, t.Name, t.ValidityMonths, holders.GetValueOrDefault(t.Id),
            programs.Where(p => p.GrantsQualificationTypeId == t.Id).Select(p => p.Name).ToList(),
            programs.Where(p => p.RenewsQualificationTypeId == t.Id).Select(p => p.Name).ToList(),
            programs.Where(p => p.GrantsQualificationTypeId == t.Id && ungranted.ContainsKey(p.Id)).Select(p => (p.Id, p.Name, ungranted[p.Id])).ToList())).ToList();
    }
}
