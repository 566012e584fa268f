using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Data;
using Training.People;
using Training.Staff;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Admin.Staff;

/// <summary>
/// Changes one staff member: name, address, role and areas (in force at their next request), stops or restarts their
/// account, makes a new one-time link to set a password, and leads to resetting their two-factor sign-in.
/// </summary>
public class EditModel(StaffAccounts accounts, TrainingDbContext db, StaffScope scope, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public StaffAccountInput Input { get; set; } = new();
    public StaffAccount Account { get; private set; } = null!;
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];
    [TempData] public string? Message { get; set; }
    public string? SetPasswordUrl { get; private set; }

    private Actor Actor => scope.Actor;
    public string? CurrentUserId => scope.UserId;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == id, cancellationToken);
        Input = new StaffAccountInput
        {
            DisplayName = user.DisplayName, Email = user.Email ?? "", Role = Account.Role, Language = user.PreferredLanguage,
            AreaIds = await db.StaffUserAreas.Where(a => a.StaffUserId == id).Select(a => a.AreaId).ToListAsync(cancellationToken),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        foreach (var (field, message) in Input.Problems(Areas.Select(a => a.Id).ToList()))
            ModelState.AddModelError($"Input.{field}", t[message]);
        if (!ModelState.IsValid) return Page();
        var change = await accounts.UpdateAsync(id, Input, Actor, cancellationToken);
        if (!change.Done)
        {
            ModelState.AddModelError(change.Field is null ? "" : $"Input.{change.Field}", t[change.Problem!]);
            return Page();
        }
        Message = t["変更しました。ログイン中でも、次の操作から新しい役割と地区になります。"];
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDeactivateAsync(string id, CancellationToken cancellationToken) =>
        await DoAsync(id, () => accounts.DeactivateAsync(id, Actor, cancellationToken), t["アカウントを停止しました。ログイン中の画面も、次の操作でログアウトになります。"], cancellationToken);

    public async Task<IActionResult> OnPostClearFailuresAsync(string id, CancellationToken cancellationToken) =>
        await DoAsync(id, () => accounts.ClearFailuresAsync(id, Actor, cancellationToken), t["ログインの失敗の記録を解除しました。新しい端末からもすぐにログインできます。"], cancellationToken);

    public async Task<IActionResult> OnPostReactivateAsync(string id, CancellationToken cancellationToken) =>
        await DoAsync(id, () => accounts.ReactivateAsync(id, Actor, cancellationToken), t["アカウントを使えるようにしました。"], cancellationToken);

    public async Task<IActionResult> OnPostPasswordLinkAsync(string id, bool sendByEmail, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var url = await accounts.ResetPasswordAsync(id, Actor, sendByEmail, cancellationToken);
        if (sendByEmail)
        {
            Message = t["パスワードを決め直すためのメールを送りました。"];
            return RedirectToPage(new { id });
        }
        await OnGetAsync(id, cancellationToken);
        SetPasswordUrl = url;
        return Page();
    }

    private async Task<IActionResult> DoAsync(string id, Func<Task<StaffChange>> change, string done, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var result = await change();
        Message = result.Done ? done : t[result.Problem!];
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var account = (await accounts.ListAsync(cancellationToken)).FirstOrDefault(a => a.Id == id);
        if (account is null) return false;
        Account = account;
        Areas = await db.AreasAsync(cancellationToken);
        return true;
    }
}
