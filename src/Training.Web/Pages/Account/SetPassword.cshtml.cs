using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Training.Staff;
using Training.Web.Hosting;

namespace Training.Web.Pages.Account;

/// <summary>A new staff member (or one who forgot) chooses a password with the one-time link an administrator made.</summary>
[EnableRateLimiting(RateLimits.PublicForms)]
public class SetPasswordModel(StaffAccounts accounts, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    public bool Done { get; private set; }

    public bool LinkWorks { get; private set; } = true;

    public async Task OnGetAsync()
    {
        // The page carries the link's token in its form: never kept by a cache.
        Response.Headers.CacheControl = "no-store";
        // Said before anyone types a password: an old or used link is the commonest trouble.
        LinkWorks = await accounts.IsLinkValidAsync(Id, Token);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        if (string.IsNullOrEmpty(Id) || string.IsNullOrEmpty(Token))
        {
            ModelState.AddModelError("", t[JapaneseIdentityErrors.BadToken]);
            return Page();
        }
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), t["パスワードを入力してください。"]);
        else if (Password != Confirm) ModelState.AddModelError(nameof(Confirm), t["確認のためのパスワードが違います。同じものを2回入力してください。"]);
        if (!ModelState.IsValid) return Page();
        var result = await accounts.SetPasswordAsync(Id, Token, Password!, cancellationToken);
        foreach (var error in result.Errors) ModelState.AddModelError(error.Code == "InvalidToken" ? "" : nameof(Password), t[error.Description]);
        if (!result.Succeeded) return Page();
        Done = true;
        return Page();
    }
}
