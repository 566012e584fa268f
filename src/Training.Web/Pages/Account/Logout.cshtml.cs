using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Staff;

namespace Training.Web.Pages.Account;

/// <summary>
/// Signing out ends every session of this staff member, on every device: the security stamp changes, and every
/// request checks it, so a cookie copied before the sign-out no longer opens anything.
/// </summary>
[AllowAnonymous]
public class LogoutModel(StaffAuthentication authentication) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await authentication.SignOutEverywhereAsync(User, cancellationToken);
        return RedirectToPage("/Index");
    }
}
