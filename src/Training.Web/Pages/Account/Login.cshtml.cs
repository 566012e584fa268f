using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Training.Staff;

namespace Training.Web.Pages.Account;

/// <summary>
/// Staff sign-in. No account is ever locked by failures (anyone could lock the administrator out): repeated failures
/// make the next try wait longer (<see cref="SignInThrottle"/>), and an owner held on a new device passes with their
/// second factor or an emailed unlock link. An unknown email gets the same answer after the same work as a known one,
/// so the page tells nobody which accounts exist.
/// </summary>
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Training.Web.Hosting.RateLimits.SignIn)]
public class LoginModel(StaffAuthentication authentication, Training.Web.Staff.KnownDevices devices, StaffUnlockLinks unlockLinks, IStringLocalizer<SharedResource> t,
    Microsoft.Extensions.Options.IOptions<Training.Configuration.CitySignInOptions> city) : PageModel
{
    public bool CitySignInEnabled => city.Value.Enabled;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public class InputModel
    {
        [Required(ErrorMessage = "メールアドレスを入力してください。")]
        [EmailAddress(ErrorMessage = "メールアドレスの形式が正しくありません。")]
        [StringLength(256, ErrorMessage = "メールアドレスが長すぎます。")]
        [Display(Name = "メールアドレス")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "パスワードを入力してください。")]
        [StringLength(256, ErrorMessage = "パスワードが長すぎます。")]
        [DataType(DataType.Password)]
        [Display(Name = "パスワード")]
        public string Password { get; set; } = "";
    }

    public void OnGet()
    {
    }

    /// <summary>
    /// Set when the right password was given for a stopped account: the administrators who can restart it, by name
    /// (empty: the page says "an administrator").
    /// </summary>
    public IReadOnlyList<string>? StoppedAccountAdministrators { get; private set; }
    /// <summary>The stopped account is a group's leader's: they ask their group's coordinator.</summary>
    public bool StoppedLeader { get; private set; }

    /// <summary>Set when the brake on new devices held this sign-in: the page offers the emailed unlock link.</summary>
    public bool OfferUnlock { get; private set; }
    /// <summary>Set after an unlock link was asked for: the same answer whether or not the address has an account.</summary>
    public bool UnlockRequested { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return Page();
        var email = SignInThrottle.Normalise(Input.Email);
        var outcome = await authentication.PasswordAsync(email, Input.Password, HttpContext.Connection.RemoteIpAddress?.ToString(),
            devices.Of(Request).Contains(email), cancellationToken);
        switch (outcome)
        {
            case SignInOutcome.Held held:
                ModelState.AddModelError(string.Empty, string.Format(t["ログインに続けて失敗したため、{0}秒ほど待ってからもう一度お試しください。"], Math.Ceiling(held.Wait.TotalSeconds)));
                OfferUnlock = held.OfferUnlock;
                return Page();
            case SignInOutcome.Stopped stopped:
                StoppedAccountAdministrators = stopped.Administrators;
                StoppedLeader = stopped.Leader;
                return Page();
            case SignInOutcome.SecondFactorNext:
                return RedirectToPage("/Account/LoginWith2fa", new { ReturnUrl });
            case SignInOutcome.SignedIn signedIn:
                devices.Remember(HttpContext, signedIn.Email);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : Url.Page(Training.Web.Leaders.LeaderScope.HomePage(signedIn.Leader))!);
            default:
                ModelState.AddModelError(string.Empty, t["メールアドレスまたはパスワードが違います。"]);
                return Page();
        }
    }

    /// <summary>Mails the account's owner a one-time link that lets this browser past the brake; the same answer for any address.</summary>
    public async Task<IActionResult> OnPostUnlockAsync(string? email, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (!string.IsNullOrWhiteSpace(email) && email.Length <= 256) await unlockLinks.RequestAsync(email, cancellationToken);
        Input.Email = email ?? "";
        UnlockRequested = true;
        return Page();
    }
}
