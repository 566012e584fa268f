using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Staff;
using Training.Web.Hosting;

namespace Training.Web.Pages.Account;

/// <summary>
/// Sign-in through the city's identity provider: the post sends the browser there; the provider's answer comes back
/// here. Only an active staff account with the email the provider vouches for is signed in; an unknown or
/// deactivated one is refused, and nothing is created.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public class CitySignInModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, SignInThrottle throttle, IOptions<CitySignInOptions> options,
    TimeProvider time, ILogger<CitySignInModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty(SupportsGet = true)] public bool Failed { get; set; }

    /// <summary>Why the sign-in did not happen, for the person at the screen.</summary>
    public string? Problem { get; private set; }
    public string? Email { get; private set; }

    public const string ProviderFailed = "市の認証でのログインが完了しませんでした。もう一度お試しください。";
    public const string NoVerifiedEmail = "市の認証から、確認済みのメールアドレスが届きませんでした。情報システムの担当者にご相談ください。";
    public const string NoStaffAccount = "このメールアドレスで使える職員アカウントがありません。職員アカウントは管理者が作ります。管理者にご連絡ください。";

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return NotFound();
        if (!await CitySignIn.ProviderAnswersAsync(HttpContext, logger, cancellationToken)) return RedirectToPage(new { failed = true });
        // Only a page asked for is carried through the provider: where to land otherwise is known once the account is.
        var back = Url.Page("/Account/CitySignIn", new { ReturnUrl = AskedFor() });
        return Challenge(new AuthenticationProperties { RedirectUri = back }, CitySignIn.Scheme);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return NotFound();
        if (Failed)
        {
            Problem = ProviderFailed;
            return Page();
        }
        var external = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        if (!external.Succeeded || external.Principal is null) return RedirectToPage("/Account/Login", new { ReturnUrl = AskedFor() });
        // The provider's answer is used once.
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);

        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        var email = CitySignIn.VerifiedEmail(external.Principal, options.Value);
        if (email is null)
        {
            logger.LogWarning("The city's identity provider gave no verified email (claim {Claim})", options.Value.EmailClaim);
            Problem = NoVerifiedEmail;
            return Page();
        }

        var user = await users.FindByEmailAsync(email);
        if (user is null || !user.IsActiveAt(time.GetUtcNow()) || !await signIn.CanSignInAsync(user))
        {
            await throttle.RecordAsync(email, address, SignInAttemptResult.NotAllowed, cancellationToken, SignInMethod.CityProvider);
            logger.LogWarning("Sign-in through the city's identity provider refused: no active staff account for the email");
            Email = email;
            Problem = NoStaffAccount;
            return Page();
        }

        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: CitySignIn.Scheme);
        await throttle.RecordAsync(email, address, SignInAttemptResult.Succeeded, cancellationToken, SignInMethod.CityProvider);
        return LocalRedirect(SafeReturnUrl(await users.IsInRoleAsync(user, StaffRoles.Leader)));
    }

    private string? AskedFor() => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;

    /// <param name="leader">A group's leader lands on their group's page, staff on the dashboard.</param>
    private string SafeReturnUrl(bool leader) => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : Url.Page(Training.Web.Leaders.LeaderScope.HomePage(leader))!;
}
