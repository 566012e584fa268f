using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Training.Data;
using Training.Staff;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Admin.Staff;

/// <summary>An administrator adds a coordinator or an administrator, who then chooses their own password from a one-time link.</summary>
public class CreateModel(StaffAccounts accounts, TrainingDbContext db, StaffScope scope, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public StaffAccountInput Input { get; set; } = new();
    /// <summary>Send the link by email; otherwise it is shown here once, to hand over in person.</summary>
    [BindProperty] public bool SendInvitation { get; set; } = true;
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];
    /// <summary>Shown once after the account is made, when it was not sent by email.</summary>
    public string? SetPasswordUrl { get; private set; }
    public string? Created { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Areas = await db.AreasAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Areas = await db.AreasAsync(cancellationToken);
        foreach (var (field, message) in Input.Problems(Areas.Select(a => a.Id).ToList()))
            ModelState.AddModelError($"Input.{field}", t[message]);
        if (!ModelState.IsValid) return Page();
        var actor = scope.Actor;
        var (change, _, url) = await accounts.CreateAsync(Input, actor, SendInvitation, cancellationToken);
        if (!change.Done)
        {
            ModelState.AddModelError($"Input.{change.Field}", t[change.Problem!]);
            return Page();
        }
        Created = Input.DisplayName.Trim();
        SetPasswordUrl = SendInvitation ? null : url;
        return Page();
    }
}
