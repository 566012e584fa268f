using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Training.Staff;

namespace Training.Web.Pages.Account;

/// <summary>
/// Staff sign-in. No account is ever locked by failures (anyone could lock the administrator out): repeated failures
/// make that address wait longer before its next try (<see cref="SignInThrottle"/>). An unknown email gets the same
/// answer after the same work as a known one, so the page tells nobody which accounts exist.
/// </summary>
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Training.Web.Hosting.RateLimits.SignIn)]
public class LoginModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, Training.Data.UnitOfWork unitOfWork, SignInThrottle throttle, IDataProtectionProvider protection,
    TimeProvider time, IStringLocalizer<SharedResource> t, ILogger<LoginModel> logger, Microsoft.Extensions.Options.IOptions<Training.Configuration.CitySignInOptions> city) : PageModel
{
    public bool CitySignInEnabled => city.Value.Enabled;

    private const string DeviceCookie = "training.device";
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

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return Page();
        var email = SignInThrottle.Normalise(Input.Email);
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();

        var wait = await throttle.WaitAsync(email, address, KnownDevices().Contains(email), cancellationToken);
        if (wait > TimeSpan.Zero)
        {
            await throttle.RecordAsync(email, address, SignInAttemptResult.Throttled, cancellationToken);
            logger.LogWarning("Staff sign-in slowed after repeated failures from {Address}", address);
            ModelState.AddModelError(string.Empty, string.Format(t["ログインに続けて失敗したため、{0}秒ほど待ってからもう一度お試しください。"], Math.Ceiling(wait.TotalSeconds)));
            return Page();
        }

        var user = await users.FindByEmailAsync(email);
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
        }

        if (result.RequiresTwoFactor)
        {
            // The password was right; the sign-in is recorded when the second step succeeds or fails.
            RememberDevice(email);
            return RedirectToPage("/Account/LoginWith2fa", new { ReturnUrl });
        }
        await throttle.RecordAsync(email, address, result.Succeeded ? SignInAttemptResult.Succeeded
            : result.IsNotAllowed || result.IsLockedOut ? SignInAttemptResult.NotAllowed : SignInAttemptResult.WrongPassword, cancellationToken);
        if (result.Succeeded)
        {
            RememberDevice(email);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/Staff");
        }
        ModelState.AddModelError(string.Empty, t["メールアドレスまたはパスワードが違います。"]);
        return Page();
    }

    /// <summary>Accounts that signed in from this browser before: their owners are not slowed by strangers' failures.</summary>
    private HashSet<string> KnownDevices()
    {
        if (Request.Cookies[DeviceCookie] is not { Length: > 0 and < 4096 } value) return [];
        try
        {
            return protection.CreateProtector(DeviceCookie).Unprotect(value).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return [];
        }
    }

    private void RememberDevice(string email)
    {
        var known = KnownDevices();
        known.Add(email);
        Response.Cookies.Append(DeviceCookie, protection.CreateProtector(DeviceCookie).Protect(string.Join('\n', known.TakeLast(5))), new CookieOptions
        {
            HttpOnly = true, Secure = Request.IsHttps, SameSite = SameSiteMode.Lax, IsEssential = true, Expires = time.GetUtcNow().AddYears(1),
        });
    }
}
