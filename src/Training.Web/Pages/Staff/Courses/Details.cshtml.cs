using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Registrations;
using Training.Text;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Courses;

/// <summary>
/// A course as the coordinator runs it: sessions, everyone registered in furigana order, the waiting list, and a
/// form to enter a registration taken by phone, on paper or at the door, for people with or without email.
/// </summary>
public class DetailsModel(TrainingDbContext db, StaffScope scope, SiteClock clock, PeopleDirectory people,
    RegistrationService registrations, Training.Attendance.CompletionService completions, IStringLocalizer<SharedResource> t,
    Training.Leaders.GroupLeaders groupLeaders, PersonContacts contacts) : PageModel
{
    /// <summary>Sessions already held leave a newcomer unable to meet the completion rule: said above the booking form.</summary>
    public bool NewcomerCannotComplete { get; private set; }

    public const string StaffConsentWording = "連絡先を講座の連絡に使うことについて、ご本人の同意を職員が確認しました。";

    public Course Course { get; private set; } = null!;
    public IReadOnlyList<Session> Sessions { get; private set; } = [];
    public IReadOnlyList<Registration> Registrations { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];
    public SiteClock Clock => clock;
    [BindProperty] public PhoneRegistrationInput Input { get; set; } = new();
    [TempData] public string? Message { get; set; }
    [TempData] public string? Duplicates { get; set; }

    /// <summary>Someone already on record, looked up by name, furigana, phone or booking number, to book without retyping.</summary>
    [BindProperty(SupportsGet = true)] public string? Find { get; set; }
    /// <summary>Those the search found (among the people this staff member may see); null before a search.</summary>
    public IReadOnlyList<Person>? Found { get; private set; }
    /// <summary>Of those found, who already holds a place on this course (not cancelled).</summary>
    public IReadOnlySet<int> FoundBooked { get; private set; } = new HashSet<int>();
    public const int FoundLimit = 20;
    [BindProperty] public PickInput Pick { get; set; } = new();
    /// <summary>The page answers the pick form: its problems are shown there, not above the typed form.</summary>
    public bool Picking { get; private set; }

    /// <summary>How the booking of a person picked from the search came: by phone unless said otherwise; which session of an activity.</summary>
    public class PickInput
    {
        public ContactChannel Channel { get; set; } = ContactChannel.Phone;
        public int? SessionId { get; set; }
        public bool EveryTime { get; set; }
        /// <summary>The person agreed, when asked, to give their phone number to the group's leaders.</summary>
        public bool ShareWithLeader { get; set; }
    }

    /// <summary>The person's details as they give them on the phone, on paper or at the door (<see cref="PersonInput"/>).</summary>
    public class PhoneRegistrationInput : PersonInput
    {
        public ContactChannel Channel { get; set; } = ContactChannel.Phone;
        public bool Consent { get; set; }
        /// <summary>For an open activity: the session the booking starts with, and whether every one after it too.</summary>
        public int? SessionId { get; set; }
        public bool EveryTime { get; set; }
        /// <summary>The person agreed, when asked, to give their phone number to the group's leaders.</summary>
        public bool ShareWithLeader { get; set; }
    }

    /// <summary>The active leaders of the course's group; none: the question about them is not asked.</summary>
    public IReadOnlyList<string> Leaders { get; private set; } = [];
    public LeaderSharingQuestion PickLeaderQuestion => new("Pick.ShareWithLeader", Pick.ShareWithLeader, Leaders);
    public LeaderSharingQuestion InputLeaderQuestion => new("Input.ShareWithLeader", Input.ShareWithLeader, Leaders);

    /// <summary>
    /// The person's yes to the leaders' question, as staff heard it (on the phone, on paper, at the door: in person);
    /// only a yes is recorded, as the public form does — not ticked may mean not asked.
    /// </summary>
    private async Task RecordLeaderSharingAsync(bool agreed, Person? person, ContactChannel channel, CancellationToken cancellationToken)
    {
        if (!agreed || Leaders.Count == 0 || person is null) return;
        await contacts.RecordConsentAsync(person.Id, ConsentPurpose.SharingWithGroupLeader, true, channel == ContactChannel.WalkIn ? ContactChannel.Staff : channel,
            scope.Actor, cancellationToken, PersonContacts.LeaderSharingWording(Leaders));
    }

    /// <summary>An open activity is booked by the session: those still to come may be chosen.</summary>
    public IReadOnlyList<Session> Openings => Course.Program!.Kind == ProgramKind.Activity
        ? Sessions.Where(s => s.Status == SessionStatus.Scheduled && s.EndsAt > clock.UtcNow).ToList() : [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        await FindAsync(cancellationToken);
        return Page();
    }

    /// <summary>「この方で申し込む」: books the person picked from the search, as the typed form would, without retyping them.</summary>
    public async Task<IActionResult> OnPostBookAsync(int id, int personId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        // The typed form's fields were not sent with this one.
        ModelState.Clear();
        Picking = true;
        // Only someone this staff member may see can be picked: asked again here, whatever the form said.
        var person = await Reachable(await scope.AreaIdsAsync(cancellationToken)).FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
        if (person is null) return NotFound();
        if (Pick.Channel is not (ContactChannel.Phone or ContactChannel.Paper or ContactChannel.WalkIn))
            ModelState.AddModelError("Pick.Channel", t["受付方法を選んでください。"]);
        var opening = Openings.FirstOrDefault(s => s.Id == Pick.SessionId);
        if (Openings.Count > 0 && opening is null) ModelState.AddModelError("Pick.SessionId", t["参加する回を選んでください。"]);
        if (!ModelState.IsValid)
        {
            await FindAsync(cancellationToken);
            return Page();
        }
        var result = await registrations.RegisterAsync(id, person.Id, Pick.Channel, scope.UserId, cancellationToken,
            opening is null ? null : new SessionChoice(opening.SequenceNumber, Pick.EveryTime));
        if (result.Succeeded) await RecordLeaderSharingAsync(Pick.ShareWithLeader, person, Pick.Channel, cancellationToken);
        Message = await OutcomeMessageAsync(result, person, cancellationToken);
        return result.Registration is { } booked
            ? RedirectToPage("/Staff/Registrations/Slip", new { id = booked.Id })
            : RedirectToPage(new { id });
    }

    /// <summary>The people this staff member may see and book by picking: the same reach as the people search.</summary>
    /// <summary>The residents the staff member may book: those they reach (<see cref="PersonReach"/>).</summary>
    private IQueryable<Person> Reachable(IReadOnlyCollection<int> areas) =>
        db.People.AsNoTracking().Include(p => p.Area).Where(p => p.AnonymisedAt == null).Within(db, areas);

    private async Task FindAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Find) || Find.Length > 100) return;
        Found = await people.FindAsync(Reachable(await scope.AreaIdsAsync(cancellationToken)), Find, FoundLimit + 1, cancellationToken);
        var ids = Found.Select(p => p.Id).ToList();
        FoundBooked = Registrations.Where(r => r.IsActive && ids.Contains(r.PersonId)).Select(r => r.PersonId).ToHashSet();
    }

    /// <summary>What staff read after a booking by phone, paper or at the door, typed or picked.</summary>
    private async Task<string> OutcomeMessageAsync(RegistrationResult result, Person person, CancellationToken cancellationToken)
    {
        var place = result.Outcome == RegistrationOutcome.Waitlisted
            ? (await Registration.WaitlistPlaces(db.Registrations, [result.Registration!.Id], cancellationToken)).GetValueOrDefault(result.Registration.Id)
            : 0;
        return result.Outcome switch
        {
            RegistrationOutcome.Confirmed => string.Format(t["{0}さんの申し込みを受け付けました（参加決定）。"], person.FullName),
            RegistrationOutcome.Waitlisted => string.Format(t["{0}さんをキャンセル待ち {1}番目で受け付けました。"], person.FullName, place),
            RegistrationOutcome.AlreadyRegistered => string.Format(t["{0}さんはすでに申し込み済みです。"], person.FullName),
            RegistrationOutcome.SessionNotOpen => t["参加する回を選んでください。"],
            _ => t["この講座は中止になったため、申し込みできません。"],
        };
    }

    public async Task<IActionResult> OnPostRegisterAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (Input.Channel is not (ContactChannel.Phone or ContactChannel.Paper or ContactChannel.WalkIn))
            ModelState.AddModelError("Input.Channel", t["受付方法を選んでください。"]);
        foreach (var problem in Input.Problems(PersonRules.Staff, clock.Today.Year, Areas.Select(a => a.Id).ToList()))
            ModelState.AddModelError($"Input.{problem.Field}", t[problem.Message]);
        var opening = Openings.FirstOrDefault(s => s.Id == Input.SessionId);
        if (Openings.Count > 0 && opening is null) ModelState.AddModelError("Input.SessionId", t["参加する回を選んでください。"]);
        if (!ModelState.IsValid) return Page();

        var result = await registrations.RegisterPersonAsync(id, Input.ToDetails(clock.Today.Year, "ja", Input.Consent ? StaffConsentWording : null),
            Input.Channel, scope.UserId, cancellationToken, opening is null ? null : new SessionChoice(opening.SequenceNumber, Input.EveryTime));
        if (result.Person is not { } person)
        {
            Message = t["この講座は中止になったため、申し込みできません。"];
            return RedirectToPage(new { id });
        }
        await RecordLeaderSharingAsync(Input.ShareWithLeader, person, Input.Channel, cancellationToken);
        Message = await OutcomeMessageAsync(result, person, cancellationToken);
        var duplicates = await people.PossibleDuplicatesAsync(person.Id, await scope.AreaIdsAsync(cancellationToken), cancellationToken);
        Duplicates = duplicates.Count == 0 ? null
            : string.Format(t["同じ人かもしれない登録があります：{0}"], string.Join("、", duplicates.Select(d => $"{d.FullName}（{d.FullNameKana}）")));
        // What to read aloud (and print): the booking exactly, with its number.
        return result.Registration is { } booked && Duplicates is null
            ? RedirectToPage("/Staff/Registrations/Slip", new { id = booked.Id })
            : RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, int registrationId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var registration = Registrations.FirstOrDefault(r => r.Id == registrationId);
        if (registration is null) return NotFound();
        await registrations.CancelAsync(registrationId, "職員が取り消し", scope.UserId, cancellationToken);
        Message = string.Format(t["{0}さんの申し込みを取り消しました。"], registration.Person!.FullName);
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Include(c => c.Program).Include(c => c.Area).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (course is null) return NotFound();
        if (!await scope.AllowsAsync(course.AreaId, cancellationToken)) return Forbid();
        Course = course;
        Sessions = await db.Sessions.AsNoTracking().Where(s => s.CourseId == id).OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        Registrations = await db.Registrations.AsNoTracking().Include(r => r.Person)
            .Where(r => r.CourseId == id)
            .OrderBy(r => r.Status == RegistrationStatus.Cancelled).ThenBy(r => r.WaitlistPosition).ThenBy(r => r.Person!.KanaSortKey)
            .ToListAsync(cancellationToken);
        Areas = await db.AreasAsync(cancellationToken);
        Leaders = await groupLeaders.LeaderNamesOfAsync([id], cancellationToken);
        NewcomerCannotComplete = course.Program!.IssuesCertificate && !await completions.NewcomerCanCompleteAsync(id, cancellationToken);
        return null;
    }
}
