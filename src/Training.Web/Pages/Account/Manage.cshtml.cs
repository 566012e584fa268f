using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Data;
using Training.Staff;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Account;

/// <summary>A staff member's own account: change the password, and see the recent sign-ins to it.</summary>
public class ManageModel(StaffAccounts accounts, SignInManager<StaffUser> signIn, UserManager<StaffUser> users, TrainingDbContext db, StaffScope scope,
    SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public string? Current { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    [TempData] public string? Message { get; set; }
    public IReadOnlyList<SignInAttempt> SignIns { get; private set; } = [];
    public SiteClock Clock => clock;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Current)) ModelState.AddModelError(nameof(Current), t["今のパスワードを入力してください。"]);
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), t["パスワードを入力してください。"]);
        else if (Password != Confirm) ModelState.AddModelError(nameof(Confirm), t["確認のためのパスワードが違います。同じものを2回入力してください。"]);
        if (ModelState.IsValid)
        {
            var result = await accounts.ChangePasswordAsync(scope.UserId!, Current!, Password!, cancellationToken);
            foreach (var error in result.Errors) ModelState.AddModelError(error.Code == "PasswordMismatch" ? nameof(Current) : nameof(Password), t[error.Description]);
            if (result.Succeeded)
            {
                // The change renewed the security stamp, ending every other session; this one is signed in again.
                await signIn.RefreshSignInAsync((await users.FindByIdAsync(scope.UserId!))!);
                Message = t["パスワードを変えました。ほかの端末でのログインは終わりました。"];
                return RedirectToPage();
            }
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var email = SignInThrottle.Normalise(scope.User.Identity?.Name ?? "");
        SignIns = await db.SignInAttempts.AsNoTracking().Where(a => a.Email == email).OrderByDescending(a => a.At).Take(20).ToListAsync(cancellationToken);
    }
}
