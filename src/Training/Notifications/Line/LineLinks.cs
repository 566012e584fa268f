using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Training.Audit;
using Training.Configuration;
using Training.Data;
using Training.Notifications.Channels;
using Training.People;
using Training.Time;

namespace Training.Notifications.Line;

/// <summary>What came of a link code sent to the official account.</summary>
public enum LineLinkOutcome { Linked, UnknownCode, ExpiredCode }

/// <summary>
/// Linking residents' LINE accounts to their records (issue 30, item 2): the code their page shows, the webhook's
/// message that carries it back, an unfollow that breaks the link, and unlinking from either side. Every change is
/// audited in the same unit of work.
/// </summary>
public class LineLinks(TrainingDbContext db, UnitOfWork unitOfWork, PersonalData personalData, SiteClock clock, IOptions<LineOptions> options)
{
    public LineOptions Options => options.Value;

    /// <summary>The person's link (code waiting, linked, broken), or null when they never asked for a code.</summary>
    public Task<LineLink?> OfAsync(int personId, CancellationToken cancellationToken = default) =>
        db.LineLinks.AsNoTracking().FirstOrDefaultAsync(l => l.PersonId == personId, cancellationToken);

    /// <summary>A new code for the person's page, replacing any earlier one; valid for Line:CodeValidMinutes.</summary>
    public Task<LineLink> IssueCodeAsync(int personId, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var link = await db.LineLinks.FirstOrDefaultAsync(l => l.PersonId == personId, ct);
            if (link is null) db.LineLinks.Add(link = LineLink.For(personId));
            string code;
            // Codes waiting (or expired, not yet replaced) are unique: a code names one person only.
            do code = LineLink.NewCode();
            while (await db.LineLinks.AnyAsync(l => l.Code == code, ct));
            link.IssueCode(code, clock.UtcNow, TimeSpan.FromMinutes(options.Value.CodeValidMinutes));
            return link;
        }, cancellationToken);

    /// <summary>
    /// A code sent from a LINE account: a valid one links that account to the person it was shown to; an unknown or
    /// expired one changes nothing.
    /// </summary>
    public Task<(LineLinkOutcome Outcome, int? PersonId)> LinkAsync(string lineUserId, string code, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var link = await db.LineLinks.FirstOrDefaultAsync(l => l.Code == code, ct);
            if (link is null) return (LineLinkOutcome.UnknownCode, (int?)null);
            if (!link.CodeIsValid(clock.UtcNow)) return (LineLinkOutcome.ExpiredCode, (int?)null);
            link.Link(lineUserId, clock.UtcNow);
            // Linking is the resident choosing LINE for their notices: recorded as that choice, dated.
            db.Consents.Add(Consent.Record(link.PersonId, NoticeChannel.Line.Purpose(), true, NoticeChannels.Wording(NoticeChannel.Line),
                clock.UtcNow, ContactChannel.Web));
            await personalData.AuditAsync(Actor.Resident, AuditAction.LineLink, link.PersonId, "LINE", ct);
            return (LineLinkOutcome.Linked, (int?)link.PersonId);
        }, cancellationToken);

    /// <summary>LINE said the account unfollowed or blocked the official account: every link to it is marked broken.</summary>
    /// <returns>How many people's links broke now.</returns>
    public Task<int> BreakAsync(string lineUserId, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var broken = 0;
            foreach (var link in await db.LineLinks.Where(l => l.LineUserId == lineUserId).ToListAsync(ct))
            {
                if (!link.Break(clock.UtcNow)) continue;
                broken++;
                await personalData.AuditAsync(Actor.System, AuditAction.LineBroken, link.PersonId, "unfollow", ct);
            }
            return broken;
        }, cancellationToken);

    /// <summary>Unlinked by the resident on their page or by staff on the person's page.</summary>
    public Task<bool> UnlinkAsync(int personId, Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var link = await db.LineLinks.FirstOrDefaultAsync(l => l.PersonId == personId, ct);
            if (link is null || !link.Unlink()) return false;
            await personalData.AuditAsync(actor, AuditAction.LineUnlink, personId, actor.StaffUserId is null ? "本人" : "職員", ct);
            return true;
        }, cancellationToken);

    /// <summary>The LINE user id to send the person's notices to, or null: not linked, or the link is broken.</summary>
    public Task<string?> AddressOfAsync(int personId, CancellationToken cancellationToken = default) =>
        db.LineLinks.AsNoTracking().Where(l => l.PersonId == personId && l.LineUserId != null && l.BrokenAt == null)
            .Select(l => l.LineUserId).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The LINE user ids of those of <paramref name="personIds"/> who are linked (link not broken), by person: one query.</summary>
    public async Task<Dictionary<int, string>> AddressesOfAsync(IReadOnlyCollection<int> personIds, CancellationToken cancellationToken = default) =>
        (await db.LineLinks.AsNoTracking().Where(l => personIds.Contains(l.PersonId) && l.LineUserId != null && l.BrokenAt == null)
            .Select(l => new { l.PersonId, l.LineUserId }).ToListAsync(cancellationToken))
        .GroupBy(l => l.PersonId).ToDictionary(g => g.Key, g => g.First().LineUserId!);

    /// <summary>Whether someone's notices may still go to this LINE account (linked and not broken).</summary>
    public Task<bool> IsReachableAsync(string lineUserId, CancellationToken cancellationToken = default) =>
        db.LineLinks.AsNoTracking().AnyAsync(l => l.LineUserId == lineUserId && l.BrokenAt == null, cancellationToken);
}
