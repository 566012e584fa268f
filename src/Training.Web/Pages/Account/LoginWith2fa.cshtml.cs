using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Training.Data;
using Training.Staff;
using Training.Web.Hosting;

namespace Training.Web.Pages.Account;

/// <summary>The second step of signing in: the authenticator app's code, or one of the recovery codes.</summary>
[EnableRateLimiting(RateLimits.PublicForms)]
public class LoginWith2faModel(SignInManager<StaffUser> signIn, SignInThrottle throttle, UnitOfWork unitOfWork, Training.Web.Staff.KnownDevices devices,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public bool UseRecoveryCode { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/Account/Login");
        var email = SignInThrottle.Normalise(user.Email ?? "");
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        // Six digits are guessable without a brake: growing delays per account, as for passwords. Only someone who
        // typed the right password reaches this step, so no stranger can drive them.
        var wait = await throttle.CodeWaitAsync(email, cancellationToken);
        if (wait > TimeSpan.Zero)
        {
            await throttle.RecordAsync(email, address, SignInAttemptResult.Throttled, cancellationToken);
            ModelState.AddModelError("", string.Format(t["ログインに続けて失敗したため、{0}秒ほど待ってからもう一度お試しください。"], Math.Ceiling(wait.TotalSeconds)));
            return Page();
        }
        var code = (Code ?? "").Replace(" ", "").Replace("-", "").ToUpperInvariant();
        // Recovery codes are printed as XXXXX-XXXXX; typed with or without the dash, they are the same code.
        var recoveryCode = code.Length == 10 ? $"{code[..5]}-{code[5..]}" : code;
        var result = await unitOfWork.RunAsync(_ => UseRecoveryCode
            ? signIn.TwoFactorRecoveryCodeSignInAsync(recoveryCode)
            : signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false), cancellationToken);
        await throttle.RecordAsync(email, address, result.Succeeded ? SignInAttemptResult.Succeeded
            : result.IsLockedOut || result.IsNotAllowed ? SignInAttemptResult.NotAllowed : SignInAttemptResult.WrongCode, cancellationToken);
        if (result.Succeeded)
        {
            devices.Remember(HttpContext, email);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : Url.Page("/Staff/Index")!);
        }
        ModelState.AddModelError("", t["コードが違います。アプリに今出ている6けたの数字を入力してください。"]);
        return Page();
    }
}
