using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Registrations;
using Training.Text;
using Training.Time;
using Training.Web.Hosting;

namespace Training.Web.Pages.Courses;

/// <summary>A resident signs up for a course. Email is never required: a phone number will do.</summary>
[EnableRateLimiting(RateLimits.PublicForms)]
public class RegisterModel(TrainingDbContext db, RegistrationService registrations, SiteClock clock,
    IStringLocalizer<SharedResource> t, Training.Notifications.EmailPreferences preferences) : PageModel
{
    public const string ConsentWording = "お申し込みの確認や講座の連絡のために、入力した連絡先（メール・電話）を使うことに同意します。";

    [BindProperty] public InputModel Input { get; set; } = new();
    public Course Course { get; private set; } = null!;
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];
    public string? Closed { get; private set; }

    public class InputModel
    {
        [Required(ErrorMessage = "姓（名字）を入力してください。"), StringLength(50, ErrorMessage = "50文字以内で入力してください。")]
        public string FamilyName { get; set; } = "";
        [Required(ErrorMessage = "名（名前）を入力してください。"), StringLength(50, ErrorMessage = "50文字以内で入力してください。")]
        public string GivenName { get; set; } = "";
        [Required(ErrorMessage = "せい（ふりがな）を入力してください。"), StringLength(100, ErrorMessage = "100文字以内で入力してください。")]
        public string FamilyNameKana { get; set; } = "";
        [Required(ErrorMessage = "めい（ふりがな）を入力してください。"), StringLength(100, ErrorMessage = "100文字以内で入力してください。")]
        public string GivenNameKana { get; set; } = "";
        [EmailAddress(ErrorMessage = "メールアドレスの形式が正しくありません。"), StringLength(254, ErrorMessage = "メールアドレスが長すぎます。")]
        public string? Email { get; set; }
        [StringLength(30, ErrorMessage = "電話番号が長すぎます。")]
        public string? Phone { get; set; }
        public int? AreaId { get; set; }
        /// <summary>As typed: 1950, 昭和25年, S25 (<see cref="JapaneseDates.TryParseYear"/>).</summary>
        [StringLength(20, ErrorMessage = JapaneseDates.YearMessage)]
        public string? BirthYear { get; set; }

        public int? BirthYearValue => JapaneseDates.TryParseYear(BirthYear, CurrentYear ?? int.MaxValue, out var year) ? year : null;

        /// <summary>The year it is now where the site is: a birth year after it is a typing mistake.</summary>
        [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever, System.Text.Json.Serialization.JsonIgnore]
        public int? CurrentYear { get; set; }
        [Range(typeof(bool), "true", "true", ErrorMessage = "連絡先の利用への同意が必要です。")]
        public bool Consent { get; set; }

        /// <summary>Optional: next month's schedule by email every month (needs an email address).</summary>
        public bool MonthlySchedule { get; set; }

        /// <summary>Checks across fields; run always, unlike IValidatableObject, which MVC skips while any field has an error.</summary>
        public IEnumerable<ValidationResult> CrossFieldProblems()
        {
            foreach (var (field, message) in NameText.Problems(FamilyName, GivenName, FamilyNameKana, GivenNameKana))
                yield return new ValidationResult(message, [field]);
            if (string.IsNullOrWhiteSpace(Email) && string.IsNullOrWhiteSpace(Phone))
                yield return new ValidationResult("メールアドレスか電話番号のどちらかを入力してください。", [nameof(Phone)]);
            if (!string.IsNullOrWhiteSpace(BirthYear) && BirthYearValue is null)
                yield return new ValidationResult(JapaneseDates.YearMessage, [nameof(BirthYear)]);
            if (!string.IsNullOrWhiteSpace(Phone) && PhoneNumbers.Digits(Phone) is not { Length: >= 10 and <= 13 })
                yield return new ValidationResult("電話番号は市外局番から入力してください（例：0551-22-1111）。", [nameof(Phone)]);
            if (!string.IsNullOrWhiteSpace(FamilyNameKana) && !NameFolding.IsKana(FamilyNameKana))
                yield return new ValidationResult("ふりがなは、ひらがなかカタカナで入力してください。", [nameof(FamilyNameKana)]);
            if (!string.IsNullOrWhiteSpace(GivenNameKana) && !NameFolding.IsKana(GivenNameKana))
                yield return new ValidationResult("ふりがなは、ひらがなかカタカナで入力してください。", [nameof(GivenNameKana)]);
        }
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        Input.CurrentYear = clock.Today.Year;
        foreach (var problem in Input.CrossFieldProblems())
            ModelState.AddModelError($"Input.{problem.MemberNames.First()}", t[problem.ErrorMessage ?? ""]);
        if (Input.AreaId is not null && !Areas.Any(a => a.Id == Input.AreaId)) ModelState.AddModelError("Input.AreaId", t["地区を選び直してください。"]);
        if (Closed is not null || !ModelState.IsValid) return Page();

        var result = await registrations.RegisterPersonAsync(id, new PersonDetails(Input.FamilyName, Input.GivenName, Input.FamilyNameKana,
            Input.GivenNameKana, Input.Email, Input.Phone, Input.AreaId, Input.BirthYearValue, Display.IsEnglish ? "en" : "ja", ConsentWording),
            ContactChannel.Web, cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            Closed = Message(result.Outcome);
            return Page();
        }
        // Someone already on record changes their choices on their own page, never through a form anyone can fill in.
        if (Input.MonthlySchedule && result.IsNewPerson && result.Person!.HasEmail)
            await preferences.SetAsync(result.Person.Id, Training.Notifications.EmailCategory.MonthlySchedule, true, ContactChannel.Web, cancellationToken: cancellationToken);
        return Redirect($"/Courses/{id}/Received");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Include(c => c.Program)
            .FirstOrDefaultAsync(c => c.Id == id && c.Program!.IsPublic && c.Status != CourseStatus.Draft, cancellationToken);
        if (course is null) return false;
        Course = course;
        Areas = await db.AreasAsync(cancellationToken);
        Closed = course.RegistrationWindowAt(clock.UtcNow) switch
        {
            RegistrationWindow.Cancelled => Message(RegistrationOutcome.CourseCancelled),
            RegistrationWindow.NotOpenYet => Message(RegistrationOutcome.NotOpenYet),
            RegistrationWindow.Closed => Message(RegistrationOutcome.Closed),
            _ => null,
        };
        return true;
    }

    private string Message(RegistrationOutcome outcome) => outcome switch
    {
        RegistrationOutcome.CourseCancelled => t["この講座は中止になったため、申し込みできません。"],
        RegistrationOutcome.NotOpenYet => t["申し込みの受付はまだ始まっていません。"],
        RegistrationOutcome.Closed => t["申し込みの受付は終了しました。お電話でご相談ください。"],
        _ => t["この講座は見つかりませんでした。"],
    };
}
