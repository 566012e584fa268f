using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Training.People;
using Training.Web.Hosting;

namespace Training.Web.Pages.My;

/// <summary>
/// "Send me my page": the link goes to the email on record. The answer is the same whatever was typed, so the form
/// tells nobody whether an address is registered; it is rate-limited like every public form.
/// </summary>
[EnableRateLimiting(RateLimits.PublicForms)]
public class RecoverModel(MyPageLinks links, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Email) || Email.Length > 300)
        {
            ModelState.AddModelError(nameof(Email), t["メールアドレスを入力してください。"]);
            return Page();
        }
        await links.SendAsync(Email, cancellationToken);
        Sent = true;
        return Page();
    }
}
