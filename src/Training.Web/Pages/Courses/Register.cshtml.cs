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
public class RegisterModel(TrainingDbContext db, RegistrationService registrations, Training.Attendance.CompletionService completions, SiteClock clock,
    IStringLocalizer<SharedResource> t, Training.Notifications.EmailPreferences preferences, ScheduleQuery schedule,
    Training.Leaders.GroupLeaders groupLeaders, PersonContacts contacts, Training.Notifications.Channels.NoticeRouter noticeRouter) : PageModel
{
    public const string ConsentWording = Consent.RegistrationContactWording;

    [BindProperty] public InputModel Input { get; set; } = new();
    public Course Course { get; private set; } = null!;
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];
    public string? Closed { get; private set; }
    /// <summary>Sessions already held leave a newcomer unable to meet the completion rule: said before the form.</summary>
    public bool NewcomerCannotComplete { get; private set; }
    /// <summary>No seat left: the resident is told before the form that this is a place on the waiting list.</summary>
    public bool Full { get; private set; }
    /// <summary>An open activity is booked by the session: the sessions still to come, with their seats.</summary>
    public IReadOnlyList<ScheduleEntry> Openings { get; private set; } = [];
    public bool ByTheSession => Course.Program!.Kind == ProgramKind.Activity && Openings.Count > 0;
    /// <summary>Which session an activity's booking starts with (from a session's 申し込む link, or chosen on the form).</summary>
    [BindProperty(SupportsGet = true)] public int? SessionId { get; set; }
    /// <summary>Every session from the chosen one on, until the resident stops; otherwise that session only.</summary>
    [BindProperty] public bool EveryTime { get; set; }
    /// <summary>The active leaders of the course's group; none: the question about them is not asked.</summary>
    public IReadOnlyList<string> Leaders { get; private set; } = [];
    /// <summary>Asked without the leaders' names: anyone may open this form, and a leader is a resident too.</summary>
    public LeaderSharingQuestion LeaderQuestion => new("Input.ShareWithLeader", Input.ShareWithLeader, []);

    /// <summary>The person's details (<see cref="PersonInput"/>, checked as a resident's) and what they agree to.</summary>
    public class InputModel : PersonInput
    {
        [Range(typeof(bool), "true", "true", ErrorMessage = Training.People.Consent.RegistrationContactMissing)]
        public bool Consent { get; set; }

        /// <summary>Optional: next month's schedule by email every month (needs an email address).</summary>
        public bool MonthlySchedule { get; set; }

        /// <summary>Optional, asked only for a led group's course: the phone number may go to the group's leaders.</summary>
        public bool ShareWithLeader { get; set; }

        /// <summary>How they want to be told (asked only when the city offers LINE or SMS); none chosen: email if given, else a call.</summary>
        public Training.Notifications.Channels.NoticeChannel? Notices { get; set; }
    }

    /// <summary>The channels the form offers; the question is shown only when there is more than email or a call to choose.</summary>
    public IReadOnlyList<Training.Notifications.Channels.NoticeChannel> NoticeChoices => noticeRouter.OfferedOnForms;
    public bool AsksNotices => NoticeChoices.Count > 2;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        foreach (var problem in Input.Problems(PersonRules.Resident, clock.Today.Year, Areas.Select(a => a.Id).ToList()))
            ModelState.AddModelError($"Input.{problem.Field}", t[problem.Message]);
        if (Input.Notices is { } notices && Training.Notifications.Channels.NoticeChannels.ChoiceProblem(notices, noticeRouter.ReachOf(Input.Email, Input.Phone)) is { } noticeProblem)
            ModelState.AddModelError("Input.Notices", t[noticeProblem]);
        var opening = Openings.FirstOrDefault(o => o.SessionId == SessionId);
        if (ByTheSession && opening is null) ModelState.AddModelError(nameof(SessionId), t["参加する回を選んでください。"]);
        if (Closed is not null || !ModelState.IsValid) return Page();

        var result = await registrations.RegisterPersonAsync(id, Input.ToDetails(clock.Today.Year, Display.IsEnglish ? "en" : "ja", ConsentWording) with { Notices = Input.Notices },
            ContactChannel.Web, cancellationToken: cancellationToken, choice: opening is null ? null : new SessionChoice(opening.Number, EveryTime));
        if (!result.Succeeded)
        {
            Closed = Message(result.Outcome);
            return Page();
        }
        // Someone already on record changes their choices on their own page, never through a form anyone can fill in.
        if (Input.MonthlySchedule && result.IsNewPerson && result.Person!.HasEmail)
            await preferences.SetAsync(result.Person.Id, Training.Notifications.EmailCategory.MonthlySchedule, true, ContactChannel.Web, cancellationToken: cancellationToken);
        // The same for the leaders' question: only a yes, only on the record this form made (a no is what not asking means).
        if (Input.ShareWithLeader && Leaders.Count > 0 && result.IsNewPerson)
            await contacts.RecordOwnConsentAsync(result.Person!.Id, ConsentPurpose.SharingWithGroupLeader, true, PersonContacts.LeaderSharingWording([]),
                ContactChannel.Web, cancellationToken);
        // The received page tells a new resident exactly what they booked. Someone already on record is told through the
        // contact on record instead: whoever typed a neighbour's details learns nothing of that neighbour's bookings.
        if (result.IsNewPerson && result.Registration is { } booked) TempData[ReceivedModel.BookedKey] = booked.Id;
        else TempData[ReceivedModel.OnRecordKey] = opening is null ? "all" : $"{opening.Number}:{(EveryTime ? "every" : "one")}";
        return RedirectToPage("/Courses/Received", new { id });
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Include(c => c.Program).Include(c => c.Sessions)
            .Where(Course.Public).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (course is null) return false;
        Course = course;
        Areas = await db.AreasAsync(cancellationToken);
        Leaders = await groupLeaders.LeaderNamesOfAsync([id], cancellationToken);
        Closed = course.RegistrationWindowAt(clock.UtcNow) switch
        {
            RegistrationWindow.Cancelled => Message(RegistrationOutcome.CourseCancelled),
            RegistrationWindow.NotOpenYet => Message(RegistrationOutcome.NotOpenYet),
            RegistrationWindow.Closed => Message(RegistrationOutcome.Closed),
            RegistrationWindow.Finished => Message(RegistrationOutcome.Finished),
            _ => null,
        };
        NewcomerCannotComplete = Closed is null && course.Program!.IssuesCertificate && !await completions.NewcomerCanCompleteAsync(id, cancellationToken);
        if (course.Program!.Kind == ProgramKind.Activity)
        {
            // Seats are counted per session here (shown on each choice): one full month does not make the club full.
            Openings = (await schedule.ForCoursesAsync([id], cancellationToken)).Where(e => !e.Cancelled && e.EndUtc > clock.UtcNow).ToList();
            if (Openings.Count > 0 && Openings.All(o => o.SessionId != SessionId)) SessionId = Openings[0].SessionId;
        }
        else Full = await db.Registrations.CountAsync(r => r.CourseId == id && r.Status == Training.Registrations.RegistrationStatus.Confirmed, cancellationToken) >= course.Capacity;
        return true;
    }

    /// <summary>Why the form cannot take the booking, in the words the API gives too (<see cref="RegistrationRefusals"/>).</summary>
    private string Message(RegistrationOutcome outcome) => t[RegistrationRefusals.Of(outcome)?.Message ?? RegistrationRefusals.Of(RegistrationOutcome.CourseNotFound)!.Message];
}
