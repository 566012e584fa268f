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
public class LoginModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, Training.Data.UnitOfWork unitOfWork, SignInThrottle throttle,
    Training.Web.Staff.KnownDevices devices, StaffUnlockLinks unlockLinks, IStringLocalizer<SharedResource> t, ILogger<LoginModel> logger,
    Microsoft.Extensions.Options.IOptions<Training.Configuration.CitySignInOptions> city, StaffAccounts accounts) : PageModel
{
    public bool CitySignInEnabled => city.Value.Enabled;

    // Verified when the email has no account, so both answers cost one password hash.
    private static readonly Lazy<string> UnknownAccountHash = new(() => new PasswordHasher<StaffUser>().HashPassword(new StaffUser(), Guid.NewGuid().ToString()));

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

    /// <summary>Set when the brake on new devices held this sign-in: the page offers the emailed unlock link.</summary>
    public bool OfferUnlock { get; private set; }
    /// <summary>Set after an unlock link was asked for: the same answer whether or not the address has an account.</summary>
    public bool UnlockRequested { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return Page();
        var email = SignInThrottle.Normalise(Input.Email);
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();

        var brake = await throttle.WaitAsync(email, address, devices.Of(Request).Contains(email), cancellationToken);
        var user = await users.FindByEmailAsync(email);
        // A stranger's failures from other addresses never keep out an owner with a second factor: their right password
        // takes them on to the code, which is the brake then. A wrong password is held as for anyone.
        var secondFactorPasses = false;
        if (brake.OnlyNewDevices)
        {
            if (user is { TwoFactorEnabled: true }) secondFactorPasses = await users.CheckPasswordAsync(user, Input.Password);
            // The same hashing work whether or not there is such an account, so the wait tells nobody which accounts exist.
            else new PasswordHasher<StaffUser>().VerifyHashedPassword(new StaffUser(), UnknownAccountHash.Value, Input.Password);
        }
        if (brake.Holds && !secondFactorPasses)
        {
            // A password checked while held and found wrong counts as a failure at this address, so guessing through
            // the hold still meets the per-address brakes; everything else held was not checked at all.
            var checkedAndWrong = brake.OnlyNewDevices && user is { TwoFactorEnabled: true };
            await throttle.RecordAsync(email, address, checkedAndWrong ? SignInAttemptResult.WrongPassword : SignInAttemptResult.Throttled, cancellationToken);
            logger.LogWarning("Staff sign-in slowed after repeated failures from {Address}", address);
            ModelState.AddModelError(string.Empty, string.Format(t["ログインに続けて失敗したため、{0}秒ほど待ってからもう一度お試しください。"], Math.Ceiling(brake.Wait.TotalSeconds)));
            OfferUnlock = brake.OnlyNewDevices;
            return Page();
        }

        Microsoft.AspNetCore.Identity.SignInResult result;
        if (user is null)
        {
            new PasswordHasher<StaffUser>().VerifyHashedPassword(new StaffUser(), UnknownAccountHash.Value, Input.Password);
            result = Microsoft.AspNetCore.Identity.SignInResult.Failed;
        }
        else
        {
            // Identity may write here (a password hash upgraded to the current algorithm): through the unit of work like every write.
            result = await unitOfWork.RunAsync(_ => signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: false), cancellationToken);
            // A stopped account is refused before its password is looked at. Its owner, with the right password, is told
            // it is stopped and whom to ask; a wrong password gets the same answer as anyone's (and counts as a failure),
            // so the page still tells nobody which accounts exist. Either way one password hash, as for every answer.
            if (result.IsLockedOut)
            {
                var rightPassword = await unitOfWork.RunAsync(_ => users.CheckPasswordAsync(user, Input.Password), cancellationToken);
                await throttle.RecordAsync(email, address, rightPassword ? SignInAttemptResult.NotAllowed : SignInAttemptResult.WrongPassword, cancellationToken);
                if (rightPassword) StoppedAccountAdministrators = await accounts.AdministratorNamesAsync(cancellationToken);
                else ModelState.AddModelError(string.Empty, t["メールアドレスまたはパスワードが違います。"]);
                return Page();
            }
        }

        if (result.RequiresTwoFactor)
        {
            // The password was right; the sign-in is recorded when the second step succeeds or fails, and the device
            // becomes known only then.
            return RedirectToPage("/Account/LoginWith2fa", new { ReturnUrl });
        }
        await throttle.RecordAsync(email, address, result.Succeeded ? SignInAttemptResult.Succeeded
            : result.IsNotAllowed || result.IsLockedOut ? SignInAttemptResult.NotAllowed : SignInAttemptResult.WrongPassword, cancellationToken);
        if (result.Succeeded)
        {
            devices.Remember(HttpContext, email);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : Url.Page("/Staff/Index")!);
        }
        ModelState.AddModelError(string.Empty, t["メールアドレスまたはパスワードが違います。"]);
        return Page();
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
