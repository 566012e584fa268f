using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Notifications.Line;
using Training.People;
using Training.Time;

namespace Training.Notifications.Channels;

/// <summary>Where one person's notice goes: the route (<see cref="NoticeChannels.Route"/>) and the address on that channel.</summary>
/// <param name="Address">The email address, the LINE user id or the mobile number in E.164 form; null for the call list.</param>
public sealed record RoutedNotice(NoticeRoute Route, string? Address)
{
    public NoticeChannel Channel => Route.Channel;
}

/// <summary>A resident's choice of channel as a page shows it: what they chose, where notices go now, and what they may choose.</summary>
public sealed record NoticeChoice(NoticeChannel? Chosen, NoticeRoute Route, IReadOnlyList<NoticeChannel> Offered);

/// <summary>What choosing a channel did.</summary>
public enum NoticeChoiceOutcome { Saved, Unchanged, NotOffered, NoMobileNumber }

/// <summary>
/// Asks, for one person, what <see cref="NoticeChannels"/> decides from: their latest choice (dated consents), their
/// email, their LINE link, whether their phone is a Japanese mobile number, and which channels the city set up. The
/// notifiers ask it before each notice; the pages ask it to show and record the choice.
/// </summary>
public class NoticeRouter(TrainingDbContext db, UnitOfWork unitOfWork, LineLinks lineLinks, IEnumerable<IChannelSender> senders, SiteClock clock)
{
    private bool On(NoticeChannel channel) => senders.Any(s => s.Channel == channel && s.IsConfigured);

    /// <summary>What a form's contact details could reach (before the person is on record; no LINE link yet).</summary>
    public NoticeReach ReachOf(string? email, string? phone) =>
        new(!string.IsNullOrWhiteSpace(email), false, JapaneseMobileNumber.Normalise(phone, out _) is not null, On(NoticeChannel.Line), On(NoticeChannel.Sms));

    /// <summary>The channels a booking form offers: email, LINE and SMS when the city set them up, a call.</summary>
    public IReadOnlyList<NoticeChannel> OfferedOnForms => NoticeChannels.Offered(new NoticeReach(true, false, true, On(NoticeChannel.Line), On(NoticeChannel.Sms)));

    public async Task<RoutedNotice> RouteAsync(Person person, CancellationToken cancellationToken = default)
    {
        var (chosen, reach, line, mobile) = await FactsAsync(person, cancellationToken);
        return Routed(person, chosen, reach, line, mobile);
    }

    /// <summary>Chunk of the bulk route: one query for the choices of this many people (and one for their LINE links).</summary>
    private const int RouteChunk = 500;

    /// <summary>
    /// <see cref="RouteAsync"/> for many people at once (a reminder sweep): per chunk of ids, one query for their
    /// NoticesBy… consents and, only when LINE is set up, one for their LINE links; the same rule for each person.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, RoutedNotice>> RouteManyAsync(IReadOnlyCollection<Person> people, CancellationToken cancellationToken = default)
    {
        var routed = new Dictionary<int, RoutedNotice>(people.Count);
        var lineOn = On(NoticeChannel.Line);
        foreach (var chunk in people.DistinctBy(p => p.Id).Chunk(RouteChunk))
        {
            var ids = chunk.Select(p => p.Id).ToList();
            var consents = (await db.Consents.AsNoTracking().Where(c => ids.Contains(c.PersonId) && NoticeChannels.Purposes.Contains(c.Purpose))
                .ToListAsync(cancellationToken)).ToLookup(c => c.PersonId);
            var lines = lineOn ? await lineLinks.AddressesOfAsync(ids, cancellationToken) : null;
            foreach (var person in chunk)
            {
                var line = lines?.GetValueOrDefault(person.Id);
                var (_, reach, _, mobile) = Facts(person, line);
                routed[person.Id] = Routed(person, NoticeChannels.Chosen(consents[person.Id]), reach, line, mobile);
            }
        }
        return routed;
    }

    private static RoutedNotice Routed(Person person, NoticeChannel? chosen, NoticeReach reach, string? line, string? mobile)
    {
        var route = NoticeChannels.Route(chosen, reach);
        return new RoutedNotice(route, route.Channel switch
        {
            NoticeChannel.Email => person.Email!.Trim(),
            NoticeChannel.Line => line,
            NoticeChannel.Sms => mobile,
            _ => null,
        });
    }

    public async Task<NoticeChoice> ChoiceAsync(Person person, CancellationToken cancellationToken = default)
    {
        var (chosen, reach, _, _) = await FactsAsync(person, cancellationToken);
        return new NoticeChoice(chosen, NoticeChannels.Route(chosen, reach), NoticeChannels.Offered(reach));
    }

    /// <summary>
    /// Records the person's choice as a dated consent (on the web by themselves, or by staff on their word). Choosing what
    /// is already in force records nothing; SMS needs a mobile number on record; a channel the city has not set up is refused.
    /// </summary>
    public Task<NoticeChoiceOutcome> ChooseAsync(int personId, NoticeChannel channel, ContactChannel how, string? staffId = null,
        CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var person = await db.People.Include(p => p.Consents.Where(c => NoticeChannels.Purposes.Contains(c.Purpose))).FirstAsync(p => p.Id == personId, ct);
            var (chosen, reach, _, _) = Facts(person, On(NoticeChannel.Line) ? await lineLinks.AddressOfAsync(person.Id, ct) : null);
            if (!NoticeChannels.Offered(reach).Contains(channel)) return NoticeChoiceOutcome.NotOffered;
            if (channel == NoticeChannel.Sms && !reach.HasMobileNumber) return NoticeChoiceOutcome.NoMobileNumber;
            if (chosen == channel) return NoticeChoiceOutcome.Unchanged;
            person.RecordConsent(channel.Purpose(), true, NoticeChannels.Wording(channel), clock.UtcNow, how, staffId);
            return NoticeChoiceOutcome.Saved;
        }, cancellationToken);

    private async Task<(NoticeChannel?, NoticeReach, string?, string?)> FactsAsync(Person person, CancellationToken cancellationToken)
    {
        var consents = await db.Consents.AsNoTracking().Where(c => c.PersonId == person.Id && NoticeChannels.Purposes.Contains(c.Purpose)).ToListAsync(cancellationToken);
        // LINE off (most cities): no link can carry a notice, so none is looked up on a booking's path.
        var line = On(NoticeChannel.Line) ? await lineLinks.AddressOfAsync(person.Id, cancellationToken) : null;
        var (_, reach, _, mobile) = Facts(person, line);
        return (NoticeChannels.Chosen(consents), reach, line, mobile);
    }

    private (NoticeChannel?, NoticeReach, string?, string?) Facts(Person person, string? line)
    {
        var mobile = JapaneseMobileNumber.Normalise(person.Phone, out _);
        var reach = new NoticeReach(person.HasEmail, line is not null, mobile is not null, On(NoticeChannel.Line), On(NoticeChannel.Sms));
        return (NoticeChannels.Chosen(person.Consents), reach, line, mobile);
    }
}
