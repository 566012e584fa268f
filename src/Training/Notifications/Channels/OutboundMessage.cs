using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.Notifications.Channels;

/// <summary>
/// One notice on one channel (LINE, SMS) in the channel outbox: a row first, sent only by the channel dispatcher, like
/// <see cref="OutboundEmail"/>. The idempotency key makes queuing the same notice twice a no-op. A notice the channel
/// cannot deliver falls back to the coordinators' call list, once (<see cref="FallbackCallListEntryId"/>).
/// </summary>
public class OutboundMessage
{
    /// <summary>Longest provider error kept (the provider's own words, shown to staff).</summary>
    public const int ErrorLength = 2000;

    private OutboundMessage() { }

    public long Id { get; private set; }
    public string IdempotencyKey { get; private set; } = "";
    public NoticeChannel Channel { get; private set; }
    public int PersonId { get; private set; }
    public int? SessionId { get; private set; }
    /// <summary>The address on the channel: a LINE user id, or a mobile number in E.164 form (+81…).</summary>
    public string ToAddress { get; private set; } = "";
    public string Text { get; private set; } = "";
    public string TemplateName { get; private set; } = "";
    public EmailCategory Category { get; private set; }
    public EmailStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    /// <summary>Which dispatcher run holds the row, and until when; an expired claim is taken over after a crash.
    /// A concurrency token: a mark only lands on a row its run still holds.</summary>
    public string? ClaimToken { get; private set; }
    public DateTime? ClaimedUntil { get; private set; }
    public DateTime? SentAt { get; private set; }
    /// <summary>The provider's own words for the last failure, or why the row waits (the channel is not configured).</summary>
    public string? LastError { get; private set; }
    public string? ProviderMessageId { get; private set; }
    /// <summary>The call-list entry this notice fell back to when the channel could not deliver it.</summary>
    public long? FallbackCallListEntryId { get; private set; }

    /// <summary>The channels the channel outbox carries (email has its own outbox; the call list is no channel to send on).</summary>
    public static bool Carries(NoticeChannel channel) => channel is NoticeChannel.Line or NoticeChannel.Sms;

    /// <summary>A notice as the caller asks it queued; the row itself is inserted by the store, once per key.</summary>
    public static OutboundMessage Queued(ChannelRequest request, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.To);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Text);
        if (!Carries(request.Channel))
            throw new ArgumentException($"The channel outbox carries LINE and SMS, not {request.Channel}.", nameof(request));
        return new OutboundMessage
        {
            IdempotencyKey = request.IdempotencyKey, Channel = request.Channel, PersonId = request.PersonId, SessionId = request.SessionId,
            ToAddress = request.To.Trim(), Text = request.Text, TemplateName = request.TemplateName, Category = request.Category,
            Status = EmailStatus.Pending, CreatedAt = now, NextAttemptAt = now,
        };
    }

    /// <summary>What the sender is given.</summary>
    public ChannelMessage ToChannelMessage() => new(Id, IdempotencyKey, ToAddress, Text);

    /// <summary>The key of the call-list entry this notice falls back to: derived from the row's, so it is made once.</summary>
    public string FallbackKey => IdempotencyKey.Length <= 190 ? "fallback:" + IdempotencyKey : $"fallback:{Channel}:{Id}";

    /// <summary>The provider accepted it.</summary>
    public void MarkSent(DateTime now, string? providerMessageId)
    {
        Status = EmailStatus.Sent;
        SentAt = now;
        Attempts++;
        ProviderMessageId = Truncate(providerMessageId, 300);
        LastError = null;
        Release();
    }

    /// <summary>Worth trying again: after <paramref name="delay"/> (the shared back-off, or the provider's Retry-After).</summary>
    public void MarkRetry(DateTime now, TimeSpan delay, string reason)
    {
        Status = EmailStatus.Pending;
        Attempts++;
        NextAttemptAt = now + delay;
        LastError = Truncate(reason, ErrorLength);
        Release();
    }

    /// <summary>Never deliverable on this channel (or attempts exhausted): failed with the reason; the caller adds the call-list entry.</summary>
    public void MarkFailed(string reason)
    {
        Status = EmailStatus.Failed;
        Attempts++;
        LastError = Truncate(reason, ErrorLength);
        Release();
    }

    /// <summary>The notice went to the call list instead.</summary>
    public void FellBackTo(long callListEntryId) => FallbackCallListEntryId = callListEntryId;

    /// <summary>Given back untouched but for the reason (the run was stopped): not the message's fault, no attempt counted.</summary>
    public void MarkReleased(DateTime now, string reason)
    {
        Status = EmailStatus.Pending;
        NextAttemptAt = now;
        LastError = Truncate(reason, ErrorLength);
        Release();
    }

    private void Release()
    {
        ClaimToken = null;
        ClaimedUntil = null;
    }

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}

/// <summary>What to send on a channel and to whom; the key names the notice uniquely, e.g. registration:{id}:sms.</summary>
public sealed record ChannelRequest(
    string IdempotencyKey,
    NoticeChannel Channel,
    int PersonId,
    string To,
    string Text,
    string TemplateName,
    EmailCategory Category = EmailCategory.Essential,
    int? SessionId = null);

public class OutboundMessageConfiguration : IEntityTypeConfiguration<OutboundMessage>
{
    public void Configure(EntityTypeBuilder<OutboundMessage> builder)
    {
        builder.Property(m => m.IdempotencyKey).HasMaxLength(200);
        builder.HasIndex(m => m.IdempotencyKey).IsUnique();
        builder.Property(m => m.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.ToAddress).HasMaxLength(320);
        builder.Property(m => m.Text).HasMaxLength(5000);
        builder.Property(m => m.TemplateName).HasMaxLength(100);
        builder.Property(m => m.Category).HasConversion<string>().HasMaxLength(30);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.ClaimToken).HasMaxLength(64).IsConcurrencyToken();
        builder.Property(m => m.LastError).HasMaxLength(OutboundMessage.ErrorLength);
        builder.Property(m => m.ProviderMessageId).HasMaxLength(300);
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        // A person's notices go with their record (personal-data retention deletes both).
        builder.HasOne<People.Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.SessionId);
        builder.HasIndex(m => m.ClaimToken);
    }
}
