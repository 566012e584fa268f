namespace Training.Notifications.Channels;

/// <summary>
/// How a resident's notices reach them (issue 30): by email (the email outbox), by LINE or SMS (the channel outbox,
/// <c>OutboundMessage</c>), or by a coordinator's phone call (the call list). Each resident's choice is a dated consent.
/// </summary>
public enum NoticeChannel { Email, Line, Sms, CallList }

/// <summary>One message of the channel outbox as a sender needs it: the row's id and key, the address on that channel
/// (a LINE user id, or a Japanese mobile number in E.164 form, +81…), and the text already made for the channel.</summary>
public sealed record ChannelMessage(long Id, string IdempotencyKey, string To, string Text);

/// <summary>What a provider said of one message; the channel dispatcher turns it into the row's mark.</summary>
public abstract record ChannelDelivery
{
    /// <summary>Accepted by the provider (its id for the message, if it gives one).</summary>
    public sealed record Delivered(string? ProviderMessageId) : ChannelDelivery;

    /// <summary>Worth trying again (429, 5xx, a timeout): with the provider's Retry-After when it sent one.</summary>
    public sealed record Retry(string Reason, TimeSpan? RetryAfter = null) : ChannelDelivery;

    /// <summary>Never deliverable as it is (a bad number, a refused request): the row fails and the notice falls back to the call list.</summary>
    public sealed record Failed(string Reason) : ChannelDelivery;

    /// <summary>The resident cannot be reached on this channel any more (LINE account blocked or unfollowed, number out of
    /// service): the row fails, the notice falls back to the call list, and the channel's link is marked broken.</summary>
    public sealed record Unreachable(string Reason) : ChannelDelivery;
}

/// <summary>
/// Sends one message on one channel (LINE's Messaging API, an SMS provider). Implementations call the provider once
/// per message and never retry themselves: retries, back-off, claims and fallbacks belong to the channel dispatcher,
/// the same rules as the email outbox's.
/// </summary>
public interface IChannelSender
{
    NoticeChannel Channel { get; }

    /// <summary>Whether the channel is configured at all (its options set); an unconfigured channel is never offered.</summary>
    bool IsConfigured { get; }

    Task<ChannelDelivery> SendAsync(ChannelMessage message, CancellationToken cancellationToken);
}
