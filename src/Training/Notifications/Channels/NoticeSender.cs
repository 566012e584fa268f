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
public sealed class NoticeSender(NoticeRouter router, EmailOutbox emails, ChannelOutbox channels, ChannelTexts texts)
{
    /// <param name="routed">The route when the caller already has it (a bulk route, an audience confirmed); else looked up.</param>
    public async Task<NoticeSent> SendAsync(Person person, Notice notice, RoutedNotice? routed = null, CancellationToken cancellationToken = default)
    {
        routed ??= await router.RouteAsync(person, cancellationToken);
        switch (routed.Channel)
        {
            case NoticeChannel.Email:
                var id = await emails.QueueAsync(new EmailRequest(notice.Key, notice.Template, person.PreferredLanguage, routed.Address!, person.FullName,
                    notice.Model, notice.Category, person.Id, notice.Attachments, notice.SessionId), cancellationToken);
                return new(NoticeChannel.Email, id is not null);
            case NoticeChannel.Line or NoticeChannel.Sms:
                var text = await texts.TextAsync(routed.Channel, notice.Template, person.PreferredLanguage, notice.Model, notice.Link);
                var queued = await channels.QueueAsync(new ChannelRequest(notice.Key, routed.Channel, person.Id, routed.Address!, text, notice.Template,
                    notice.Category, notice.SessionId), cancellationToken);
                return new(routed.Channel, queued);
            default:
                return new(NoticeChannel.CallList, false);
        }
    }
}
