using Microsoft.AspNetCore.DataProtection;

namespace Training.Web.Staff;

/// <summary>
/// The accounts that signed in from this browser before (or were unlocked in it by their owner's emailed link), in a
/// protected cookie: their owners are not slowed by strangers' failures.
/// </summary>
public class KnownDevices(IDataProtectionProvider protection)
{
    private const string Cookie = "training.device";

    public HashSet<string> Of(HttpRequest request)
    {
        if (request.Cookies[Cookie] is not { Length: > 0 and < 4096 } value) return [];
        try
        {
            return protection.CreateProtector(Cookie).Unprotect(value).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return [];
        }
    }

    public void Remember(HttpContext context, string email)
    {
        var known = Of(context.Request);
        known.Add(email);
        // A year counted by the browser from when it receives the cookie (Max-Age), not a date by this server's clock,
        // which a browser with a clock of its own would read differently.
        context.Response.Cookies.Append(Cookie, protection.CreateProtector(Cookie).Protect(string.Join('\n', known.TakeLast(5))), new CookieOptions
        {
            HttpOnly = true, Secure = context.Request.IsHttps, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365),
        });
    }
}
