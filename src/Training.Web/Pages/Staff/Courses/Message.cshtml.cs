using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Data;
using Training.Notifications;
using Training.Text;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Courses;

/// <summary>
/// A message to everyone booked on a course, or on one session of it: written, then confirmed on a page that names
/// who gets it by email, LINE or SMS and who goes on the call list, then sent once however often the button is pressed.
/// </summary>
public class MessageModel(TrainingDbContext db, StaffScope scope, CourseMessages messages, SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>The session the message is about; none: the whole course.</summary>
    [BindProperty(SupportsGet = true)] public int? SessionId { get; set; }
    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Body { get; set; }
    /// <summary>Whether those on the waiting list are told too.</summary>
    [BindProperty] public bool IncludeWaiting { get; set; }
    /// <summary>The message's one-time name, made when the form is opened: every email and call of it carries it.</summary>
    [BindProperty] public string? Token { get; set; }
    /// <summary>The people the confirmation named (<see cref="MessageAudience.Fingerprint"/>).</summary>
    [BindProperty] public string? Confirmed { get; set; }

    public Course Course { get; private set; } = null!;
    public Session? Session { get; private set; }
    /// <summary>Set on the confirmation step: who will be told, and how.</summary>
    public MessageAudience? Audience { get; private set; }
    /// <summary>The confirmation is shown again because the people changed since it was first shown.</summary>
    public bool AudienceChanged { get; private set; }
    public SiteClock Clock => clock;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        Token = Tokens.New();
        return Page();
    }

    /// <summary>Checks the message and shows who it will reach; nothing is sent yet.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var draft = Draft();
        foreach (var (field, message) in draft.Problems()) ModelState.AddModelError(field, t[message]);
        if (!CourseMessageDraft.IsToken(Token)) Token = Tokens.New();
        if (!ModelState.IsValid) return Page();
        var audience = await messages.AudienceAsync(id, SessionId, IncludeWaiting, cancellationToken);
        if (audience is null) return NotFound();
        if (audience.People.Count == 0)
        {
            ModelState.AddModelError("", t[CourseMessageDraft.Messages.NobodyToTell]);
            return Page();
        }
        Audience = audience;
        Confirmed = audience.Fingerprint;
        return Page();
    }

    /// <summary>Back from the confirmation to the form, with what was written.</summary>
    public async Task<IActionResult> OnPostEditAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostSendAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var outcome = await messages.SendAsync(id, SessionId, Draft(), Token ?? "", Confirmed, scope.Actor, cancellationToken);
        switch (outcome)
        {
            case CourseMessageOutcome.NotFound:
                return NotFound();
            case CourseMessageOutcome.Invalid invalid:
                foreach (var (field, message) in invalid.Problems) ModelState.AddModelError(field, t[message]);
                if (!CourseMessageDraft.IsToken(Token)) Token = Tokens.New();
                return Page();
            case CourseMessageOutcome.NobodyToTell:
                ModelState.AddModelError("", t[CourseMessageDraft.Messages.NobodyToTell]);
                return Page();
            case CourseMessageOutcome.AudienceChanged changed:
                Audience = changed.Audience;
                Confirmed = changed.Audience.Fingerprint;
                AudienceChanged = true;
                return Page();
            case CourseMessageOutcome.AlreadySent:
                TempData["Message"] = t[CourseMessageDraft.Messages.AlreadySent].Value;
                break;
            case CourseMessageOutcome.Sent sent:
                TempData["Message"] = sent.Line + sent.Sms == 0
                    ? string.Format(t["お知らせを送りました。メールで{0}人にお送りし、{1}人を電話連絡リストに載せました。"], sent.Emails, sent.Calls)
                    : string.Format(t["お知らせを送りました。メールで{0}人、LINEで{1}人、SMSで{2}人にお送りし、{3}人を電話連絡リストに載せました。"], sent.Emails, sent.Line, sent.Sms, sent.Calls);
                break;
        }
        return RedirectToPage("/Staff/Courses/Details", new { id });
    }

    private CourseMessageDraft Draft() => new(Subject, Body, IncludeWaiting);

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var (course, refusal) = await scope.CourseAsync(id, cancellationToken);
        if (course is null) return refusal;
        Course = course;
        if (SessionId is { } sessionId)
        {
            Session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.CourseId == id, cancellationToken);
            if (Session is null) return NotFound();
        }
        return null;
    }
}
