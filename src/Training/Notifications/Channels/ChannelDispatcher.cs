using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Data;
using Training.Time;

namespace Training.Notifications.Channels;

/// <param name="Waiting">Rows left pending because their channel is not configured (the reason recorded on them).</param>
public sealed record ChannelDispatchResult(int Sent, int Retrying, int Failed, int Waiting);

/// <summary>
/// Sends the channel outbox's due rows, each through the <see cref="IChannelSender"/> of its channel, with the email
/// outbox's rules (<see cref="DeliveryRules"/>, the Email section's batch, claim and retry settings): rows are claimed
/// with a conditional update, so dispatchers running at once never take the same row, and a claim left by a crashed
/// process expires and is taken over. Each row is marked in its own commit right after its send, so a crash repeats at
/// most the one message in flight. A notice the channel cannot deliver fails with the provider's reason and falls back
/// to the call list, in the same commit.
/// </summary>
public sealed class ChannelDispatcher(
    TrainingDbContext db,
    UnitOfWork unitOfWork,
    ChannelKick kick,
    IEnumerable<IChannelSender> senders,
    IOptions<EmailOptions> emailOptions,
    IOptions<RemindersOptions> reminders,
    SiteClock clock,
    ILogger<ChannelDispatcher> logger)
{
    /// <summary>What a call-list entry made for an undelivered notice is filed under.</summary>
    public const string FallbackKind = "channel-fallback";

    private static readonly NoticeChannel[] Carried = Enum.GetValues<NoticeChannel>().Where(OutboundMessage.Carries).ToArray();
    private readonly EmailOptions _options = emailOptions.Value;

    /// <summary>Dispatches batches until nothing is due.</summary>
    public async Task<ChannelDispatchResult> DispatchAsync(CancellationToken cancellationToken = default)
    {
        kick.Starting();
        var ready = new Dictionary<NoticeChannel, IChannelSender>();
        foreach (var sender in senders)
            if (sender.IsConfigured && OutboundMessage.Carries(sender.Channel)) ready.TryAdd(sender.Channel, sender);
        var waiting = 0;
        foreach (var channel in Carried.Where(c => !ready.ContainsKey(c)))
            waiting += await RecordNotConfiguredAsync(channel, cancellationToken);

        int sent = 0, retrying = 0, failed = 0;
        var channels = ready.Keys.ToList();
        while (channels.Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            var claimToken = ClaimTokens.New();
            var batch = await ClaimBatchAsync(claimToken, channels, cancellationToken);
            if (batch.Count == 0) break;
            for (var i = 0; i < batch.Count; i++)
            {
                var message = batch[i];
                ChannelDelivery delivery;
                try
                {
                    delivery = await ready[message.Channel].SendAsync(message.ToChannelMessage(), cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    await ReleaseAsync(batch.Skip(i), "The dispatch was stopped before this message was sent.");
                    break;
                }
                catch (Exception ex)
                {
                    // A sender should say Retry itself; one that throws is treated the same, never as a loss.
                    logger.LogWarning(ex, "Channel outbox: the {Channel} sender threw for message {Id}", message.Channel, message.Id);
                    delivery = new ChannelDelivery.Retry(ex.Message);
                }
                switch (await MarkAsync(message, delivery))
                {
                    case EmailStatus.Sent: sent++; break;
                    case EmailStatus.Pending: retrying++; break;
                    case EmailStatus.Failed: failed++; break;
                }
            }
        }
        if (sent + retrying + failed > 0)
            logger.LogInformation("Channel outbox: {Sent} sent, {Retrying} to retry, {Failed} failed", sent, retrying, failed);
        return new ChannelDispatchResult(sent, retrying, failed, waiting);
    }

    /// <summary>
    /// Messages a process on this machine had claimed and died with (killed, crashed, restarted) are due again now, not when
    /// their claims expire, as the email outbox's are (<see cref="OutboxDispatcher.TakeBackDeadClaimsAsync"/>). At most the
    /// message being sent when it died goes twice; the providers' retry keys (LINE's X-Line-Retry-Key, the SMS provider's
    /// Idempotency-Key, both from the row's key) let them drop that one. Returns how many.
    /// </summary>
    public async Task<int> TakeBackDeadClaimsAsync(CancellationToken cancellationToken = default)
    {
        var tokens = await db.OutboundMessages.AsNoTracking().Where(m => m.Status == EmailStatus.Sending && m.ClaimToken != null)
            .Select(m => m.ClaimToken!).Distinct().ToListAsync(cancellationToken);
        var dead = tokens.Where(ClaimTokens.IsFromDeadProcessHere).ToList();
        if (dead.Count == 0) return 0;
        var now = Now;
        var taken = await unitOfWork.RunStatementAsync(ct => db.OutboundMessages.Where(m => m.Status == EmailStatus.Sending && dead.Contains(m.ClaimToken!))
            .ExecuteUpdateAsync(setters => setters
                .SetProperty(m => m.Status, EmailStatus.Pending)
                .SetProperty(m => m.NextAttemptAt, now)
                .SetProperty(m => m.ClaimToken, (string?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null), ct), cancellationToken);
        if (taken > 0) kick.Request();
        return taken;
    }

    /// <summary>Why rows of a channel without a configured sender wait: recorded on each, so staff see it (never silently).</summary>
    public static string NotConfiguredReason(NoticeChannel channel) =>
        $"{channel} の送信が設定されていないため、送信を待っています。 The {channel} channel is not configured; the message waits until it is.";

    private Task<int> RecordNotConfiguredAsync(NoticeChannel channel, CancellationToken cancellationToken)
    {
        var reason = NotConfiguredReason(channel);
        return unitOfWork.RunStatementAsync(async ct =>
        {
            await db.OutboundMessages.Where(m => m.Channel == channel && m.Status == EmailStatus.Pending && m.LastError != reason)
                .ExecuteUpdateAsync(setters => setters.SetProperty(m => m.LastError, reason), ct);
            return await db.OutboundMessages.CountAsync(m => m.Channel == channel && m.Status == EmailStatus.Pending, ct);
        }, cancellationToken);
    }

    private async Task<List<OutboundMessage>> ClaimBatchAsync(string claimToken, List<NoticeChannel> channels, CancellationToken cancellationToken)
    {
        var now = Now;
        var candidates = await Due(now, channels)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0) return [];

        // The due condition is checked again inside the update: a row another dispatcher claimed in between is skipped.
        var claimedUntil = now.AddSeconds(_options.ClaimSeconds);
        await unitOfWork.RunStatementAsync(ct => Due(now, channels).Where(m => candidates.Contains(m.Id)).ExecuteUpdateAsync(setters => setters
            .SetProperty(m => m.Status, EmailStatus.Sending)
            .SetProperty(m => m.ClaimToken, claimToken)
            .SetProperty(m => m.ClaimedUntil, claimedUntil), ct), cancellationToken);

        return await db.OutboundMessages.AsNoTracking()
            .Where(m => m.ClaimToken == claimToken)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken);
    }

    private IQueryable<OutboundMessage> Due(DateTime now, List<NoticeChannel> channels)
    {
        var due = db.OutboundMessages.Where(m => channels.Contains(m.Channel) && (
            (m.Status == EmailStatus.Pending && m.NextAttemptAt <= now) ||
            (m.Status == EmailStatus.Sending && m.ClaimedUntil < now)));
        // The email outbox's daytime window, the same rule: at night only what cannot wait goes out.
        if (!DeliveryRules.IsDaytime(reminders.Value, clock, now))
            due = due.Where(m => DeliveryRules.AnyTime.Contains(m.Category));
        return due;
    }

    /// <summary>
    /// Marks one row as its provider's answer says, in its own commit, only while this run still holds it (the claim
    /// token is the row's concurrency token). A failure adds the call-list entry in the same commit.
    /// </summary>
    /// <returns>The row's new status, or null when its claim was taken over meanwhile (another run marks it).</returns>
    private async Task<EmailStatus?> MarkAsync(OutboundMessage message, ChannelDelivery delivery)
    {
        try
        {
            return await unitOfWork.RunAsync(async ct =>
            {
                db.OutboundMessages.Attach(message);
                var now = Now;
                var attempt = message.Attempts + 1;
                switch (delivery)
                {
                    case ChannelDelivery.Delivered delivered:
                        message.MarkSent(now, delivered.ProviderMessageId);
                        return EmailStatus.Sent;
                    case ChannelDelivery.Retry retry when !DeliveryRules.GivesUpAfter(attempt, _options.MaxAttempts):
                        message.MarkRetry(now, DeliveryRules.RetryDelay(_options.RetryBaseSeconds, attempt, retry.RetryAfter), retry.Reason);
                        return EmailStatus.Pending;
                    case ChannelDelivery.Retry retry:
                        message.MarkFailed($"{retry.Reason} (gave up after {attempt} attempts)");
                        break;
                    case ChannelDelivery.Failed refused:
                        message.MarkFailed(refused.Reason);
                        break;
                    case ChannelDelivery.Unreachable unreachable:
                        message.MarkFailed(unreachable.Reason);
                        break;
                    default:
                        throw new InvalidOperationException($"Unknown delivery {delivery}.");
                }
                logger.LogWarning("Channel outbox: message {Id} on {Channel} failed, falling back to the call list: {Reason}", message.Id, message.Channel, message.LastError);
                await FallBackAsync(message, ct);
                return EmailStatus.Failed;
            }, CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogWarning("Channel outbox: the claim on message {Id} was taken over before it was marked", message.Id);
            return null;
        }
    }

    /// <summary>The notice goes on the coordinators' call list instead, once: the entry's key is derived from the row's.</summary>
    private async Task FallBackAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var key = message.FallbackKey;
        await CallList.AddAsync(db, new CallListEntry
        {
            IdempotencyKey = key, PersonId = message.PersonId, SessionId = message.SessionId, Kind = FallbackKind,
            Message = $"{message.Channel} で届かなかったお知らせ：{message.Text}",
            MessageEn = $"Not delivered by {message.Channel}: {message.Text}",
            DueOn = clock.Today, CreatedAt = Now,
        }, cancellationToken);
        message.FellBackTo(await db.CallList.Where(c => c.IdempotencyKey == key).Select(c => c.Id).SingleAsync(cancellationToken));
    }

    /// <summary>Gives rows back untouched but for the reason: the run stopping is not the messages' fault.</summary>
    private async Task ReleaseAsync(IEnumerable<OutboundMessage> messages, string reason)
    {
        foreach (var message in messages)
        {
            try
            {
                await unitOfWork.RunAsync(_ =>
                {
                    db.OutboundMessages.Attach(message);
                    message.MarkReleased(Now, reason);
                    return Task.CompletedTask;
                }, CancellationToken.None);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Taken over already: nothing of this run's to give back.
            }
        }
    }

    private DateTime Now => clock.UtcNow;
}
