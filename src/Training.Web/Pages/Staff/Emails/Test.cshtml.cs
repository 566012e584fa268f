using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Notifications;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Emails;

/// <summary>Lets an administrator check the mail set-up end to end: outbox row → dispatcher → server or pickup folder.</summary>
public class TestModel(EmailOutbox outbox, SiteClock clock, StaffScope scope) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public class InputModel
    {
        [Required(ErrorMessage = "メールアドレスを入力してください。")]
        [EmailAddress(ErrorMessage = "メールアドレスの形式が正しくありません。")]
        [StringLength(320, ErrorMessage = "メールアドレスが長すぎます。")]
        [Display(Name = "送り先のメールアドレス")]
        public string To { get; set; } = "";

        [RegularExpression("^(ja|en)$", ErrorMessage = "言語を選んでください。")]
        public string Language { get; set; } = "ja";
    }

    public void OnGet() => Input.To = scope.User.Identity?.Name ?? "";

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return Page();
        var now = clock.LocalNow;
        await outbox.QueueAsync(new EmailRequest(
            IdempotencyKey: $"test:{scope.UserId}:{now:yyyyMMddHHmmss}:{Input.To.Trim().ToLowerInvariant()}",
            TemplateName: "test-message",
            Language: Input.Language,
            ToAddress: Input.To.Trim(),
            ToName: "",
            Model: new TestEmail(scope.User.Identity?.Name ?? "", Display.DateTime(now)),
            Category: EmailCategory.Staff), cancellationToken);
        TempData["Message"] = "queued";
        return RedirectToPage("/Staff/Emails/Index");
    }
}
