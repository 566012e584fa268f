using Microsoft.EntityFrameworkCore;
using Training.Configuration;
using Training.Data;
using Training.Notifications;
using Training.Time;

namespace Training.People;

/// <summary>
/// The way back to a resident's own page. "Send me my page" mails the link to the address on record — and the asker
/// hears the same whether or not the address is known, so the form tells nobody who is registered. At most one such
/// mail an hour per person; staff can resend it, or print it for those without email.
/// </summary>
public class MyPageLinks(TrainingDbContext db, EmailOutbox outbox, SiteLinks links, SiteClock clock, UnitOfWork unitOfWork, PersonalData personalData)
{
    /// <returns>How many people the mail went to (for tests and logs only: never shown to the asker).</returns>
    public async Task<int> SendAsync(string email, CancellationToken cancellationToken = default)
    {
        var address = new PersonInput { Email = email }.NormalisedEmail?.ToLowerInvariant();
        if (address is null || address.Length > PersonInput.EmailMaxLength) return 0;
        var people = await db.People.AsNoTracking().Where(p => p.AnonymisedAt == null && p.Email != null && p.Email.ToLower() == address).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var person in people)
            if (await QueueAsync(person, $"{clock.UtcNow:yyyyMMddHH}", cancellationToken)) sent++;
        return sent;
    }

    /// <summary>Staff send the link again to the address on record (a resident who lost it, on the phone).</summary>
    public async Task<bool> ResendAsync(int personId, CancellationToken cancellationToken = default)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId && p.AnonymisedAt == null, cancellationToken);
        return person is { HasEmail: true } && await QueueAsync(person, $"staff:{clock.UtcNow.Ticks}", cancellationToken);
    }

    /// <summary>Staff send the link again (<see cref="ResendAsync"/>); a link sent is audited with the mail, as one unit.</summary>
    public Task<bool> ResendByStaffAsync(int personId, Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            if (!await ResendAsync(personId, ct)) return false;
            await personalData.AuditAsync(actor, Training.Audit.AuditAction.MyPageLink, personId, "email", ct);
            return true;
        }, cancellationToken);

    /// <summary>The link to print or read out for someone without email; handing it out is audited.</summary>
    public async Task<string> PrintAsync(Person person, Actor actor, CancellationToken cancellationToken = default)
    {
        await personalData.AuditAsync(actor, Training.Audit.AuditAction.MyPageLink, person.Id, "printed", cancellationToken);
        return UrlFor(person);
    }

    public string UrlFor(Person person) => links.Absolute(SiteLinks.MyPage(person.AccessToken));

    private async Task<bool> QueueAsync(Person person, string occurrence, CancellationToken cancellationToken) =>
        await outbox.QueueAsync(new EmailRequest($"my-page-link:{person.Id}:{occurrence}", "my-page-link", person.PreferredLanguage, person.Email!, person.FullName,
            new MyPageLinkEmail(person.FullName, UrlFor(person)), EmailCategory.Essential, person.Id), cancellationToken) is not null;
}
