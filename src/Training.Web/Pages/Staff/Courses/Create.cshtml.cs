using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Data;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Courses;

/// <summary>Starts a new run of a program (e.g. 令和9年度 第1期); its sessions are planned next.</summary>
public class CreateModel(TrainingDbContext db, StaffScope scope, SiteClock clock, IStringLocalizer<SharedResource> t, UnitOfWork unitOfWork) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();
    public IReadOnlyList<(int Id, string Name)> Programs { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Organisations { get; private set; } = [];

    public class InputModel
    {
        [Required(ErrorMessage = "講座・活動を選んでください。")] public int? ProgramId { get; set; }
        [Required(ErrorMessage = "名前（例：令和9年度 第1期）を入力してください。"), StringLength(200, ErrorMessage = "200文字以内で入力してください。")]
        public string Title { get; set; } = "";
        [Range(1, 10000, ErrorMessage = "定員は1以上で入力してください。")] public int Capacity { get; set; } = 20;
        [Range(0, 10000, ErrorMessage = "最少人数は0以上で入力してください。")] public int MinimumParticipants { get; set; }
        [Required(ErrorMessage = "場所を入力してください。"), StringLength(200, ErrorMessage = "200文字以内で入力してください。")]
        public string Venue { get; set; } = "";
        public int? AreaId { get; set; }
        [Required(ErrorMessage = "主催を選んでください。")] public int? OrganisationId { get; set; }
        public DateOnly? OpensOn { get; set; }
        public DateOnly? ClosesOn { get; set; }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input.Title = $"{JapaneseDates.FiscalYear(clock.CurrentFiscalYear)} 第1期";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Input.ProgramId is not null && Programs.All(p => p.Id != Input.ProgramId)) ModelState.AddModelError("Input.ProgramId", t["講座・活動を選んでください。"]);
        if (Input.AreaId is not null && Areas.All(a => a.Id != Input.AreaId)) ModelState.AddModelError("Input.AreaId", t["地区を選び直してください。"]);
        if (Input.OrganisationId is not null && Organisations.All(o => o.Id != Input.OrganisationId)) ModelState.AddModelError("Input.OrganisationId", t["主催を選んでください。"]);
        if (Input.OpensOn is not null && Input.ClosesOn is not null && Input.ClosesOn < Input.OpensOn)
            ModelState.AddModelError("Input.ClosesOn", t["締め切りは受付開始より後にしてください。"]);
        if (!await scope.AllowsAsync(Input.AreaId, cancellationToken))
            ModelState.AddModelError("Input.AreaId", t["担当の地区を選んでください。"]);
        if (!ModelState.IsValid) return Page();

        var course = new Course
        {
            ProgramId = Input.ProgramId!.Value, Title = Input.Title.Trim(), Capacity = Input.Capacity, MinimumParticipants = Input.MinimumParticipants,
            Venue = Input.Venue.Trim(), AreaId = Input.AreaId, OrganisationId = Input.OrganisationId!.Value, CoordinatorId = scope.UserId,
            // Registration opens at the start of the first day and closes at the end of the last, local time.
            RegistrationOpensAt = Input.OpensOn is null ? null : clock.StartOfDayUtc(Input.OpensOn.Value),
            RegistrationClosesAt = Input.ClosesOn is null ? null : clock.StartOfDayUtc(Input.ClosesOn.Value.AddDays(1)),
            Status = CourseStatus.Open, CreatedAt = clock.UtcNow,
        };
        db.Courses.Add(course);
        await unitOfWork.SaveAsync(cancellationToken);
        return Redirect(Training.Configuration.SiteLinks.StaffCourseSessions(course.Id));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Programs = await db.ProgramsAsync(publicOnly: false, cancellationToken);
        Areas = await db.AreasAsync(cancellationToken);
        Organisations = await db.OrganisationsAsync(cancellationToken);
    }
}
