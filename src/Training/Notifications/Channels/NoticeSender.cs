using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.People;

namespace Training.Notifications.Channels;

/// <summary>
/// One notice for one person, made from its email's typed model (<see cref="EmailModels"/>): the same key, template and
/// model whatever channel carries it.
/// </summary>
/// <param name="Link">The resident-page link an SMS without its own template carries (<see cref="ChannelTexts"/>).</param>
public sealed record Notice(string Key, string Template, EmailModel Model, EmailCategory Category, string Link,
    int? SessionId = null, IReadOnlyList<EmailAttachment>? Attachments = null);

/// <summary>Where a notice went: the channel, and whether it was queued now (false: already queued under its key, or a call to list).</summary>
public readonly record struct NoticeSent(NoticeChannel Channel, bool Queued)
{
    public bool ToCall => Channel == NoticeChannel.CallList;
}

/// <summary>
/// Sends a notice by the person's channel (<see cref="NoticeRouter"/>): email through the email outbox, LINE and SMS
/// through the channel outbox, inside the caller's unit of work. A call is the caller's to list: its words are the
/// notice's own (what to read out), so the sender only says the notice goes to the call list.
/// </summary>
public sealed class NoticeSender(TrainingDbContext db, NoticeRouter router, EmailOutbox emails, ChannelOutbox channels, ChannelTexts texts,
    UnsubscribeLinks unsubscribe)
{
    /// <param name="routed">The route when the caller already has it (a bulk route, an audience confirmed); else looked up.</param>
    public async Task<NoticeSent> SendAsync(Person person, Notice notice, RoutedNotice? routed = null, CancellationToken cancellationToken = default)
    {
        routed ??= await router.RouteAsync(person, cancellationToken);
        switch (routed.Channel)
        {
            case NoticeChannel.Email:
                var id = await emails.QueueAsync(EmailRequestOf(person, notice, routed), cancellationToken);
                return new(NoticeChannel.Email, id is not null);
            case NoticeChannel.Line or NoticeChannel.Sms:
                return new(routed.Channel, await channels.QueueAsync(await ChannelRequestOfAsync(person, notice, routed), cancellationToken));
            default:
                return new(NoticeChannel.CallList, false);
        }
    }

    /// <summary>
    /// Renders a notice for its route without touching the database, so a sender of many (a coordinator's message to a
    /// course) renders before its unit of work and holds the write gate only to insert (<see cref="QueueManyAsync"/>).
    /// </summary>
    public async Task<PreparedNotice> PrepareAsync(Person person, Notice notice, RoutedNotice routed) => routed.Channel switch
    {
        NoticeChannel.Email => new(person.Id, routed, await emails.PrepareAsync(EmailRequestOf(person, notice, routed)), null),
        NoticeChannel.Line or NoticeChannel.Sms => new(person.Id, routed, null, await ChannelRequestOfAsync(person, notice, routed)),
        _ => new(person.Id, routed, null, null),
    };

    /// <summary>Queues prepared notices inside the caller's unit of work: the emails in one insert, LINE and SMS each; keys already queued are skipped.</summary>
    /// <returns>How many were queued now on each channel (calls are the caller's to list, so never counted here).</returns>
    public async Task<IReadOnlyDictionary<NoticeChannel, int>> QueueManyAsync(IReadOnlyList<PreparedNotice> notices, CancellationToken cancellationToken = default)
    {
        var queued = NoticeChannels.All.ToDictionary(c => c, _ => 0);
        queued[NoticeChannel.Email] = await emails.InsertManyAsync(notices.Select(n => n.Email).OfType<PreparedEmail>().ToList(), cancellationToken);
        foreach (var message in notices.Select(n => n.Message).OfType<ChannelRequest>())
            if (await channels.QueueAsync(message, cancellationToken)) queued[message.Channel]++;
        return queued;
    }

    /// <summary>
    /// Whether a notice under this key was queued on any channel: a notice sent by email before the person chose SMS is
    /// not sent again by SMS (each outbox knows only its own keys).
    /// </summary>
    public async Task<bool> QueuedAsync(string key, CancellationToken cancellationToken = default) =>
        await db.OutboundEmails.AnyAsync(e => e.IdempotencyKey == key, cancellationToken)
        || await db.OutboundMessages.AnyAsync(m => m.IdempotencyKey == key, cancellationToken);

    private static EmailRequest EmailRequestOf(Person person, Notice notice, RoutedNotice routed) =>
        new(notice.Key, notice.Template, person.PreferredLanguage, routed.Address!, person.FullName, notice.Model, notice.Category, person.Id,
            notice.Attachments, notice.SessionId);

    private async Task<ChannelRequest> ChannelRequestOfAsync(Person person, Notice notice, RoutedNotice routed)
    {
        // A notice the person can turn off carries its stop link on LINE as in the email (the same consent, whatever the channel).
        var model = notice.Category.CanUnsubscribe() ? notice.Model with { UnsubscribeUrl = unsubscribe.Url(person.Id, notice.Category) } : notice.Model;
        var text = await texts.TextAsync(routed.Channel, notice.Template, person.PreferredLanguage, model, notice.Link);
        return new ChannelRequest(notice.Key, routed.Channel, person.Id, routed.Address!, text, notice.Template, notice.Category, notice.SessionId);
    }
}

/// <summary>A notice rendered for its route (<see cref="NoticeSender.PrepareAsync"/>): an email, a LINE or SMS message, or neither (a call to list).</summary>
public sealed record PreparedNotice(int PersonId, RoutedNotice Routed, PreparedEmail? Email, ChannelRequest? Message)
{
    public NoticeChannel Channel => Routed.Channel;
}
