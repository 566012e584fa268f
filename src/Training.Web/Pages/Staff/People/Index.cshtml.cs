using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.People;
using Training.Text;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.People;

/// <summary>Finds residents by name, furigana (any width, katakana or hiragana, variant kanji) or phone number.</summary>
public class IndexModel(TrainingDbContext db, StaffScope scope, PeopleDirectory directory, Training.Activities.HelperStages stages) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public IReadOnlyList<Person> People { get; private set; } = [];
    /// <summary>Each shown person's stage (活動中・休止中・研修済み), by id: one query for the page, by the one rule.</summary>
    public IReadOnlyDictionary<int, Training.Activities.HelperStage> Stages { get; private set; } = new Dictionary<int, Training.Activities.HelperStage>();
    public int DuplicateGroups { get; private set; }
    /// <summary>
    /// The records with the same name and furigana, named in pairs, each linking to its comparison: the older record of
    /// a group with each of the others (the comparison can keep either). At most <see cref="PairsShown"/> groups.
    /// </summary>
    public IReadOnlyList<(Person Older, Person Newer)> DuplicatePairs { get; private set; } = [];
    public const int PairsShown = 20;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // A booking number read out on the phone finds its person at once.
        if (Training.Registrations.BookingNumber.Parse(Q) is { } registrationId
            && await db.Registrations.AsNoTracking().Where(r => r.Id == registrationId).Select(r => new { r.PersonId, r.Person!.AnonymisedAt })
                .FirstOrDefaultAsync(cancellationToken) is { AnonymisedAt: null } booked
            && await scope.ReachesAsync(booked.PersonId, cancellationToken))
            return RedirectToPage("/Staff/People/Details", null, new { id = booked.PersonId }, $"booking-{registrationId}");
        var people = await scope.ReachableAsync(db.People.AsNoTracking().Include(p => p.Area).Where(p => p.AnonymisedAt == null), cancellationToken);
        People = !string.IsNullOrWhiteSpace(Q) && Q.Length <= 100
            ? await directory.SearchAsync(people, Q.Trim(), 200, cancellationToken)
            : await people.OrderBy(p => p.KanaSortKey).ThenBy(p => p.Id).Take(200).ToListAsync(cancellationToken);
        var shown = People.Select(p => p.Id).ToList();
        Stages = await stages.StagesOfAsync(db.People.Where(p => shown.Contains(p.Id)), cancellationToken);
        var twinKeys = await people.GroupBy(p => p.SearchKey).Where(g => g.Count() > 1).Select(g => g.Key).ToListAsync(cancellationToken);
        DuplicateGroups = twinKeys.Count;
        var shownKeys = twinKeys.Order(StringComparer.Ordinal).Take(PairsShown).ToList();
        var twins = await people.Where(p => shownKeys.Contains(p.SearchKey)).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        DuplicatePairs = twins.GroupBy(p => p.SearchKey)
            .SelectMany(g => g.Skip(1).Select(newer => (Older: g.First(), Newer: newer)))
            .OrderBy(pair => pair.Older.KanaSortKey, StringComparer.Ordinal).ThenBy(pair => pair.Older.Id).ThenBy(pair => pair.Newer.Id).ToList();
        return Page();
    }
}
