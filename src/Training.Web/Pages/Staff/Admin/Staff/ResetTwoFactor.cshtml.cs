using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Training.Staff;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Admin.Staff;

/// <summary>
/// An administrator resets a colleague's two-factor sign-in (a lost or replaced phone). The page first says what will
/// happen and who will be told; only the confirming post changes anything.
/// </summary>
public class ResetTwoFactorModel(StaffAccounts accounts, StaffScope scope, IStringLocalizer<SharedResource> t) : PageModel
{
    public StaffAccount Account { get; private set; } = null!;
    /// <summary>The administrator is looking at their own account: they are sent to their own page instead.</summary>
    public bool IsOwnAccount { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var change = await accounts.ResetTwoFactorAsync(id, scope.Actor, cancellationToken);
        TempData["Message"] = change.Done
            ? string.Format(t["{0}さんの認証アプリでのログインを解除しました。ご本人にメールで知らせました。次のログインはパスワードだけででき、そのあと設定し直せます。"], Account.DisplayName)
            : t[change.Problem!].Value;
        return RedirectToPage("Edit", new { id });
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if ((await accounts.ListAsync(cancellationToken)).FirstOrDefault(a => a.Id == id) is not { } account) return false;
        Account = account;
        IsOwnAccount = id == scope.UserId;
        return true;
    }
}
