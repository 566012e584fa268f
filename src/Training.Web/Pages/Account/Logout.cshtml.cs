using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Staff;

namespace Training.Web.Pages.Account;

/// <summary>
/// Signing out ends every session of this staff member, on every device: the security stamp changes, and every
/// request checks it, so a cookie copied before the sign-out no longer opens anything.
/// </summary>
[AllowAnonymous]
public class LogoutModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, Training.Data.UnitOfWork unitOfWork) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is { } user) await unitOfWork.RunAsync(_ => users.UpdateSecurityStampAsync(user));
        await signIn.SignOutAsync();
        return RedirectToPage("/Index");
    }
}
