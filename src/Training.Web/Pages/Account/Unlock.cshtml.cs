using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Staff;

namespace Training.Web.Pages.Account;

/// <summary>
/// The owner's emailed unlock link: shown first as a page with one button, so that a mail scanner following the link
/// does not spend it; pressing it makes this browser a known device for the account.
/// </summary>
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Training.Web.Hosting.RateLimits.SignIn)]
public class UnlockModel(StaffUnlockLinks unlockLinks, Training.Web.Staff.KnownDevices devices) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    /// <summary>Null before the button is pressed; then whether the link was good.</summary>
    public bool? Unlocked { get; private set; }

    public void OnGet() => Response.Headers.CacheControl = "no-store";

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var email = await unlockLinks.UseAsync(Id, Token, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (email is not null) devices.Remember(HttpContext, SignInThrottle.Normalise(email));
        Unlocked = email is not null;
        return Page();
    }
}
