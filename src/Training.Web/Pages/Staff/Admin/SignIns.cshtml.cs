using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Staff;
using Training.Time;

namespace Training.Web.Pages.Staff.Admin;

/// <summary>Failed and slowed sign-in attempts of the last week, for administrators to notice guessing.</summary>
public class SignInsModel(TrainingDbContext db, SiteClock clock) : PageModel
{
    public IReadOnlyList<SignInAttempt> Attempts { get; private set; } = [];
    public IReadOnlyList<(string? Address, int Failures, DateTime Last)> ByAddress { get; private set; } = [];
    public SiteClock Clock => clock;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var since = clock.UtcNow.AddDays(-7);
        var failed = db.SignInAttempts.AsNoTracking().Where(a => a.At >= since && a.Result != SignInAttemptResult.Succeeded);
        Attempts = await failed.OrderByDescending(a => a.Id).Take(300).ToListAsync(cancellationToken);
        ByAddress = (await failed.GroupBy(a => a.RemoteAddress).Select(g => new { g.Key, Count = g.Count(), Last = g.Max(a => a.At) })
                .OrderByDescending(g => g.Count).Take(20).ToListAsync(cancellationToken))
            .Select(g => (g.Key, g.Count, g.Last)).ToList();
    }
}
