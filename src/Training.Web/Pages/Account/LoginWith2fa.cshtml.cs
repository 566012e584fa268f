using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Training.Staff;
using Training.Web.Hosting;

namespace Training.Web.Pages.Account;

/// <summary>The second step of signing in: the authenticator app's code, or one of the recovery codes.</summary>
[EnableRateLimiting(RateLimits.PublicForms)]
public class LoginWith2faModel(SignInManager<StaffUser> signIn, StaffAuthentication authentication, Training.Web.Staff.KnownDevices devices,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public bool UseRecoveryCode { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        switch (await authentication.SecondFactorAsync(Code, UseRecoveryCode, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken))
        {
            case SignInOutcome.NoSignInStarted:
                return RedirectToPage("/Account/Login");
            case SignInOutcome.Held held:
                ModelState.AddModelError("", string.Format(t["ログインに続けて失敗したため、{0}秒ほど待ってからもう一度お試しください。"], Math.Ceiling(held.Wait.TotalSeconds)));
                return Page();
            case SignInOutcome.SignedIn signedIn:
                devices.Remember(HttpContext, signedIn.Email);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : Url.Page(Training.Web.Leaders.LeaderScope.HomePage(signedIn.Leader))!);
            default:
                ModelState.AddModelError("", t["コードが違います。アプリに今出ている6けたの数字を入力してください。"]);
                return Page();
        }
    }
}
