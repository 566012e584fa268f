using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Web.Hosting;

namespace Training.Web.Pages;

/// <summary>
/// The language switch: a plain link, so it works without JavaScript and public pages carry no form token and
/// can be cached. Switching the display language is harmless, so a GET may do it.
/// </summary>
public class CultureModel : PageModel
{
    public IActionResult OnGet(string? culture, string? returnUrl)
    {
        if (culture is "ja" or "en")
            Response.Cookies.Append(WebSetup.CultureCookie,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture == "en" ? "en" : "ja-JP")),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
