using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Notifications;
using Training.People;
using Training.Web.Hosting;

namespace Training.Web.Pages.Unsubscribe;

/// <summary>
/// The unsubscribe link in optional mail. Opening it only asks (mail scanners open links); the button, or a mail
/// program's one-click POST (RFC 8058, body "List-Unsubscribe=One-Click"), stops that kind of mail and records the
/// choice with its date. Messages about the person's own bookings still go.
/// </summary>
[EnableRateLimiting(RateLimits.PublicForms)]
// Mail programs POST without a form token; the sealed link itself is the proof, and all it can do is stop mail.
[IgnoreAntiforgeryToken]
public class IndexModel(TrainingDbContext db, UnsubscribeLinks links, EmailPreferences preferences) : PageModel
{
    public EmailCategory Category { get; private set; }
    public bool Stopped { get; private set; }
    public string? MyPageToken { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        var (personId, category) = links.Read(token)!.Value;
        await preferences.SetAsync(personId, category, granted: false, ContactChannel.Web, cancellationToken: cancellationToken);
        Stopped = true;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    private async Task<bool> LoadAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length > 1000 || links.Read(token) is not { } link) return false;
        var person = await db.People.AsNoTracking().Where(p => p.Id == link.PersonId && p.AnonymisedAt == null)
            .Select(p => new { p.AccessToken }).FirstOrDefaultAsync(cancellationToken);
        if (person is null) return false;
        Category = link.Category;
        MyPageToken = person.AccessToken;
        return true;
    }
}
