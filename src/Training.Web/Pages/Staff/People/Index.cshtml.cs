using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.People;
using Training.Text;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.People;

/// <summary>Finds residents by name, furigana (any width, katakana or hiragana, variant kanji) or phone number.</summary>
public class IndexModel(TrainingDbContext db, StaffScope scope, PeopleDirectory directory) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public IReadOnlyList<Person> People { get; private set; } = [];
    public int DuplicateGroups { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var areas = await scope.AreaIdsAsync(cancellationToken);
        var people = db.People.AsNoTracking().Include(p => p.Area).Where(p => p.AnonymisedAt == null);
        if (areas.Count > 0) people = people.Where(p => p.AreaId != null && areas.Contains(p.AreaId.Value));
        People = !string.IsNullOrWhiteSpace(Q) && Q.Length <= 100
            ? await directory.SearchAsync(people, Q.Trim(), 200, cancellationToken)
            : await people.OrderBy(p => p.KanaSortKey).ThenBy(p => p.Id).Take(200).ToListAsync(cancellationToken);
        DuplicateGroups = await people.GroupBy(p => p.SearchKey).CountAsync(g => g.Count() > 1, cancellationToken);
    }
}
