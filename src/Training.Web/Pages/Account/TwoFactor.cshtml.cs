using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Training.Staff;

namespace Training.Web.Pages.Account;

/// <summary>
/// A staff member sets up (or turns off) sign-in with an authenticator app's code. Opening the page only reads: the key
/// is made when they press 「設定を始める」 (<see cref="OnPostStartAsync"/>), and nothing signs their other sessions out
/// until two-factor sign-in is actually turned on or off.
/// </summary>
public class TwoFactorModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, TwoFactor twoFactor, IStringLocalizer<SharedResource> t) : PageModel
{
    public bool Enabled { get; private set; }
    /// <summary>Sent here because administrators must use an authenticator app (Staff:RequireTwoFactorForAdmins).</summary>
    [BindProperty(SupportsGet = true)] public bool Required { get; set; }
    /// <summary>Setting up has been started: the key and its QR code are shown.</summary>
    public bool Started { get; private set; }
    public string Key { get; private set; } = "";
    public string QrDataUri { get; private set; } = "";
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }
    [BindProperty] public string? Code { get; set; }
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostStartAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        await twoFactor.StartAsync(user);
        return RedirectToPage(new { Required = Required ? true : (bool?)null });
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        var codes = await twoFactor.EnableAsync(user, Code ?? "");
        if (codes is null)
        {
            ModelState.AddModelError(nameof(Code), t["コードが違います。アプリに今出ている6けたの数字を入力してください。"]);
            await LoadAsync();
            return Page();
        }
        await signIn.RefreshSignInAsync(user);
        await LoadAsync();
        RecoveryCodes = codes;
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        if (!user.TwoFactorEnabled) return RedirectToPage();
        var codes = await twoFactor.NewRecoveryCodesAsync(user);
        await LoadAsync();
        RecoveryCodes = codes;
        return Page();
    }

    /// <summary>The password or a current code, asked before two-factor sign-in is turned off.</summary>
    [BindProperty] public string? Proof { get; set; }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        if (!await twoFactor.DisableAsync(user, Proof))
        {
            ModelState.AddModelError(nameof(Proof), t["パスワードか、認証アプリに今出ているコードが違います。やめていません。"]);
            await LoadAsync();
            return Page();
        }
        await signIn.RefreshSignInAsync(user);
        Message = t["認証アプリでのログインをやめました。"];
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Response.Headers.CacheControl = "no-store";
        var user = (await users.GetUserAsync(User))!;
        Enabled = user.TwoFactorEnabled;
        if (await twoFactor.PendingKeyAsync(user) is not { } pending) return;
        var (key, uri) = pending;
        Started = true;
        Key = string.Join(" ", key.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
        QrDataUri = "data:image/png;base64," + Convert.ToBase64String(Training.Attendance.CheckInPasses.QrPng(uri));
    }
}
