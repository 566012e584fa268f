using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using Training.Configuration;
using Training.Data;
using Training.Text;
using Training.Time;

namespace Training.Notifications;

public record DispatchResult(int Sent, int Retrying, int Failed, bool ConnectionFailed);

/// <summary>
/// Sends pending outbox rows over Email:Connections reused connections at once. Rows are claimed with a conditional
/// update first, so connections and dispatchers running at once (two workers, two servers) never take the same row; a
/// claim left by a crashed process expires and the row is sent by a later run.
/// </summary>
public partial class OutboxDispatcher(
    TrainingDbContext db,
    UnitOfWork unitOfWork,
    OutboxStore store,
    OutboxPreparer preparer,
    OutboxKick kick,
    IMailTransport transport,
    IServiceScopeFactory scopes,
    IOptions<EmailOptions> emailOptions,
    IOptions<RemindersOptions> reminders,
    IOptions<SiteOptions> site,
    SiteClock clock,
    ILogger<OutboxDispatcher> logger)
{
    private readonly EmailOptions _options = emailOptions.Value;

    static OutboxDispatcher() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // Throws rather than writing "?" so a message with a character ISO-2022-JP lacks can go in UTF-8 instead.
    private static readonly Lazy<Encoding> Iso2022Jp = new(() => Encoding.GetEncoding("iso-2022-jp", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback));

    /// <summary>Dispatches batches over Email:Connections connections until nothing is due or the connections fail.</summary>
    public async Task<DispatchResult> DispatchAsync(CancellationToken cancellationToken = default)
    {
        kick.Starting();
        // What was committed as what to send is rendered first, here, off the path of the request that committed it.
        await preparer.PrepareAsync(cancellationToken);
        var connections = _options.Connections;
        // Each further connection has a scope (database connection, unit of work) of its own: they claim, send and
        // mark side by side, as separate dispatchers would.
        var results = connections == 1
            ? [await OverOneConnectionAsync(cancellationToken)]
            : await Task.WhenAll(Enumerable.Range(0, connections).Select(i => i == 0 ? OverOneConnectionAsync(cancellationToken) : InScopeOfItsOwnAsync(cancellationToken)));
        var result = new DispatchResult(results.Sum(r => r.Sent), results.Sum(r => r.Retrying), results.Sum(r => r.Failed), results.Any(r => r.ConnectionFailed));
        if (result.Sent + result.Retrying + result.Failed > 0)
            logger.LogInformation("Outbox: {Sent} sent, {Retrying} to retry, {Failed} failed via {Transport} ({Connections} connections)",
                result.Sent, result.Retrying, result.Failed, transport.Describe(), connections);
        return result;
    }

    private async Task<DispatchResult> InScopeOfItsOwnAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().OverOneConnectionAsync(cancellationToken);
    }

    /// <summary>Claims, sends and marks over one connection until nothing is due or the connection fails.</summary>
    private async Task<DispatchResult> OverOneConnectionAsync(CancellationToken cancellationToken)
    {
        int sent = 0, retrying = 0, failed = 0;
        IMailConnection? connection = null;
        OutboxStore.SentMark? markSent = null;
        // One database connection for the whole run: two statements per message, thousands of messages.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var claimToken = ClaimTokens.New();
                var batch = await ClaimBatchAsync(claimToken, cancellationToken);
                if (batch.Count == 0) break;

                if (connection is null)
                {
                    try
                    {
                        connection = await transport.ConnectAsync(cancellationToken);
                    }
                    catch (MailConnectionException ex)
                    {
                        logger.LogWarning(ex, "Outbox: {Transport} unreachable, {Count} messages stay pending", transport.Describe(), batch.Count);
                        await ReleaseAsync(batch, claimToken, ex.Message, cancellationToken);
                        return new DispatchResult(sent, retrying, failed, ConnectionFailed: true);
                    }
                }

                // The next message is built while this one is sent and marked: CPU work overlapping the wait for the
                // server. Sending and marking stay strictly one after the other, so a crash can leave at most one
                // message per connection delivered but not marked.
                var building = Task.Run(() => ToMimeMessage(batch[0]), cancellationToken);
                for (var i = 0; i < batch.Count; i++)
                {
                    var email = batch[i];
                    var current = building;
                    if (i + 1 < batch.Count)
                    {
                        var following = batch[i + 1];
                        building = Task.Run(() => ToMimeMessage(following), cancellationToken);
                    }
                    MimeMessage message;
                    try
                    {
                        message = await current;
                    }
                    catch (IOException ex)
                    {
                        // A shared attachment gone from the disk: this message cannot be sent as it is; the others can.
                        await MarkFailedAsync(email, claimToken, new MailRejectedException(0, $"The message could not be built: {ex.Message}", ex), cancellationToken);
                        failed++;
                        continue;
                    }
                    try
                    {
                        await connection.SendAsync(message, cancellationToken);
                        // Durable before the next message goes: a mark may share its commit with other connections'
                        // marks (OutboxStore.SentMark), never wait for a later message of this one.
                        await (markSent ??= store.PrepareSentMark()).ExecuteAsync(email.Id, claimToken, Now);
                        sent++;
                    }
                    catch (MailRejectedException ex) when (ex.IsPermanent || DeliveryRules.GivesUpAfter(email.Attempts + 1, _options.MaxAttempts))
                    {
                        await MarkFailedAsync(email, claimToken, ex, cancellationToken);
                        failed++;
                    }
                    catch (MailRejectedException ex)
                    {
                        await ScheduleRetryAsync(email, claimToken, ex, cancellationToken);
                        retrying++;
                    }
                    catch (MailConnectionException ex)
                    {
                        logger.LogWarning(ex, "Outbox: connection lost after {Sent} messages; the rest stay pending", sent);
                        await ReleaseAsync(batch.Skip(i).ToList(), claimToken, ex.Message, cancellationToken);
                        return new DispatchResult(sent, retrying, failed, ConnectionFailed: true);
                    }
                }
            }
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync();
            if (markSent is not null) await markSent.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }
        return new DispatchResult(sent, retrying, failed, ConnectionFailed: false);
    }

    /// <summary>
    /// Gives back at once the mail that a process on this machine claimed and then died holding (killed, crashed):
    /// due again now, not when the claims expire. At most the message being sent when it died goes out twice, as after
    /// an expiry. Returns how many.
    /// </summary>
    public async Task<int> TakeBackDeadClaimsAsync(CancellationToken cancellationToken = default)
    {
        var tokens = await db.OutboundEmails.AsNoTracking().Where(e => e.Status == EmailStatus.Sending && e.ClaimToken != null)
            .Select(e => e.ClaimToken!).Distinct().ToListAsync(cancellationToken);
        var dead = tokens.Where(ClaimTokens.IsFromDeadProcessHere).ToList();
        if (dead.Count == 0) return 0;
        var now = Now;
        var taken = await unitOfWork.RunStatementAsync(ct => db.OutboundEmails.Where(e => e.Status == EmailStatus.Sending && dead.Contains(e.ClaimToken!))
            .ExecuteUpdateAsync(setters => setters
                .SetProperty(e => e.Status, EmailStatus.Pending)
                .SetProperty(e => e.NextAttemptAt, now)
                .SetProperty(e => e.ClaimToken, (string?)null)
                .SetProperty(e => e.ClaimedUntil, (DateTime?)null), ct), cancellationToken);
        if (taken > 0) kick.Request();
        return taken;
    }

    private async Task<List<OutboundEmail>> ClaimBatchAsync(string claimToken, CancellationToken cancellationToken)
    {
        // A connection whose candidates were all claimed by another in between looks again: only "nothing due" ends its
        // run, or rows still due would wait for the next kick (two connections reading the same first rows is common).
        while (true)
        {
            var now = Now;
            var candidates = await Due(now)
                .OrderBy(e => e.NextAttemptAt).ThenBy(e => e.Id)
                .Select(e => e.Id)
                // Shared between the connections, so rows committed a chunk at a time still keep every connection busy.
                .Take(Math.Max(1, _options.BatchSize / _options.Connections))
                .ToListAsync(cancellationToken);
            if (candidates.Count == 0) return [];

            // The due condition is checked again inside the update: a row another dispatcher claimed in between is skipped.
            var claimedUntil = now.AddSeconds(_options.ClaimSeconds);
            var claimed = await unitOfWork.RunStatementAsync(ct => Due(now).Where(e => candidates.Contains(e.Id)).ExecuteUpdateAsync(setters => setters
                    .SetProperty(e => e.Status, EmailStatus.Sending)
                    .SetProperty(e => e.ClaimToken, claimToken)
                    .SetProperty(e => e.ClaimedUntil, claimedUntil), ct), cancellationToken);
            if (claimed > 0) break;
            cancellationToken.ThrowIfCancellationRequested();
        }

        return await db.OutboundEmails.AsNoTracking()
            .Include(e => e.Attachments)
            .Where(e => e.ClaimToken == claimToken)
            .OrderBy(e => e.NextAttemptAt).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
    }

    private IQueryable<OutboundEmail> Due(DateTime now)
    {
        var due = db.OutboundEmails.Where(e =>
            (e.Status == EmailStatus.Pending && e.NextAttemptAt <= now) ||
            (e.Status == EmailStatus.Sending && e.ClaimedUntil < now));
        // At night only what cannot wait goes out (a session cancelled for tomorrow); reminders wait for the morning
        // even when they were queued in the evening or the mail server was down all day.
        if (!DeliveryRules.IsDaytime(reminders.Value, clock, now))
            due = due.Where(e => DeliveryRules.AnyTime.Contains(e.Category));
        return due;
    }

    private async Task MarkFailedAsync(OutboundEmail email, string claimToken, MailRejectedException ex, CancellationToken cancellationToken)
    {
        logger.LogWarning("Outbox: message {Id} failed permanently: {Status}", email.Id, ex.StatusCode);
        await unitOfWork.RunStatementAsync(ct => Claimed(email, claimToken).ExecuteUpdateAsync(setters => setters
            .SetProperty(e => e.Status, EmailStatus.Failed)
            .SetProperty(e => e.Attempts, e => e.Attempts + 1)
            .SetProperty(e => e.LastSmtpStatus, ex.StatusCode)
            .SetProperty(e => e.LastError, Truncate(ex.Message))
            .SetProperty(e => e.ClaimToken, (string?)null)
            .SetProperty(e => e.ClaimedUntil, (DateTime?)null), ct), CancellationToken.None);
    }

    private async Task ScheduleRetryAsync(OutboundEmail email, string claimToken, MailRejectedException ex, CancellationToken cancellationToken)
    {
        var next = Now.Add(RetryDelay(email.Attempts + 1));
        await unitOfWork.RunStatementAsync(ct => Claimed(email, claimToken).ExecuteUpdateAsync(setters => setters
            .SetProperty(e => e.Status, EmailStatus.Pending)
            .SetProperty(e => e.Attempts, e => e.Attempts + 1)
            .SetProperty(e => e.NextAttemptAt, next)
            .SetProperty(e => e.LastSmtpStatus, ex.StatusCode)
            .SetProperty(e => e.LastError, Truncate(ex.Message))
            .SetProperty(e => e.ClaimToken, (string?)null)
            .SetProperty(e => e.ClaimedUntil, (DateTime?)null), ct), CancellationToken.None);
    }

    /// <summary>Gives rows back untouched but for the reason: an unreachable server is not the message's fault.</summary>
    private async Task ReleaseAsync(List<OutboundEmail> emails, string claimToken, string reason, CancellationToken cancellationToken)
    {
        var ids = emails.Select(e => e.Id).ToList();
        var next = Now.AddSeconds(_options.RetryBaseSeconds);
        await unitOfWork.RunStatementAsync(ct => db.OutboundEmails.Where(e => ids.Contains(e.Id) && e.ClaimToken == claimToken).ExecuteUpdateAsync(setters => setters
            .SetProperty(e => e.Status, EmailStatus.Pending)
            .SetProperty(e => e.NextAttemptAt, next)
            .SetProperty(e => e.LastError, Truncate(reason))
            .SetProperty(e => e.ClaimToken, (string?)null)
            .SetProperty(e => e.ClaimedUntil, (DateTime?)null), ct), CancellationToken.None);
    }

    /// <summary>The back-off every outbox shares (<see cref="DeliveryRules.RetryDelay(int, int)"/>).</summary>
    public TimeSpan RetryDelay(int attempt) => DeliveryRules.RetryDelay(_options.RetryBaseSeconds, attempt);

    private IQueryable<OutboundEmail> Claimed(OutboundEmail email, string claimToken) =>
        db.OutboundEmails.Where(e => e.Id == email.Id && e.ClaimToken == claimToken);

    internal MimeMessage ToMimeMessage(OutboundEmail email)
    {
        var (encoding, from, to, subject, text, html) = TextsFor(email);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(encoding, from, _options.FromAddress));
        message.To.Add(new MailboxAddress(encoding, to, email.ToAddress));
        message.Headers.Replace(HeaderId.Subject, encoding, subject);
        message.Date = new DateTimeOffset(email.CreatedAt, TimeSpan.Zero);
        // Stable per row, so a message re-sent after a crash is recognisable as the same message.
        message.MessageId = $"training.{email.Id}.{email.CreatedAt.Ticks}@{DomainOf(_options.FromAddress)}";
        message.Headers.Add("X-Training-Key", email.IdempotencyKey);
        if (email.ReplyTo is { Length: > 0 } && MailboxAddress.TryParse(email.ReplyTo, out var replyTo)) message.ReplyTo.Add(replyTo);
        if (email.UnsubscribeUrl is not null)
        {
            // RFC 8058: mail programs show an unsubscribe button that POSTs "List-Unsubscribe=One-Click" to the URL.
            message.Headers.Add(HeaderId.ListUnsubscribe, $"<{email.UnsubscribeUrl}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        MimeEntity body = Text(TextFormat.Plain, text, encoding);
        if (html is not null) body = new MultipartAlternative { body, Text(TextFormat.Html, html, encoding) };
        if (email.Attachments.Count > 0)
        {
            var mixed = new Multipart("mixed") { body };
            foreach (var attachment in email.Attachments)
            {
                var content = attachment.Content ?? File.ReadAllBytes(Path.Combine(site.Value.DataDirectory, attachment.StoredPath!));
                var contentType = ContentType.Parse(attachment.ContentType);
                mixed.Add(new MimePart(contentType)
                {
                    Content = new MimeContent(new MemoryStream(content)),
                    ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                    ContentTransferEncoding = ContentEncoding.Base64,
                    FileName = attachment.FileName,
                });
            }
            body = mixed;
        }
        message.Body = body;
        return message;
    }

    /// <summary>
    /// A UTF-8 part as MimeKit encodes it; an ISO-2022-JP part as old phones read it: 7bit, never quoted-printable,
    /// each line back in ASCII before its CRLF and no longer than 998 bytes (<see cref="JisText.EncodeBody"/>).
    /// </summary>
    private static TextPart Text(TextFormat format, string text, Encoding encoding)
    {
        var part = new TextPart(format);
        if (encoding.CodePage != Iso2022Jp.Value.CodePage)
        {
            part.SetText(encoding, text);
            return part;
        }
        part.ContentType.Charset = "iso-2022-jp";
        part.Content = new MimeContent(new MemoryStream(JisText.EncodeBody(text)), ContentEncoding.SevenBit);
        part.ContentTransferEncoding = ContentEncoding.SevenBit;
        return part;
    }

    /// <summary>The HTML's own &lt;meta charset&gt; made to say the charset its part is sent in.</summary>
    private static string DeclaringCharset(string html, string charset) =>
        MetaCharset().Replace(html, match => match.Groups["before"].Value + charset, 1);

    [GeneratedRegex("""(?<before><meta\s[^>]*?charset\s*=\s*["']?)[A-Za-z0-9_:.-]+""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();

    /// <summary>
    /// UTF-8 with the texts exactly as written, or ISO-2022-JP when so configured and every character of the message is
    /// ASCII or JIS X 0208, with the texts as that encoder knows them (<see cref="JisText"/>, 〜 as its Windows twin):
    /// 髙, 﨑 or 𠮷 anywhere keep the whole message in UTF-8, never "?" or bytes strict phones reject.
    /// </summary>
    private (Encoding Encoding, string From, string To, string Subject, string Text, string? Html) TextsFor(OutboundEmail email)
    {
        var utf8 = (Encoding.UTF8, _options.FromName, email.ToName, email.Subject, email.TextBody,
            email.HtmlBody is null ? null : DeclaringCharset(email.HtmlBody, "utf-8"));
        if (!_options.UseIso2022Jp) return utf8;
        if (JisText.Prepare(_options.FromName) is not { } from || JisText.Prepare(email.ToName) is not { } to
            || JisText.Prepare(email.Subject) is not { } subject || JisText.Prepare(email.TextBody) is not { } text) return utf8;
        string? html = null;
        if (email.HtmlBody is not null && (html = JisText.Prepare(DeclaringCharset(email.HtmlBody, "iso-2022-jp"))) is null) return utf8;
        return (Iso2022Jp.Value, from, to, subject, text, html);
    }

    private DateTime Now => clock.UtcNow;

    private static string DomainOf(string address) => address.Contains('@') ? address[(address.IndexOf('@') + 1)..] : "localhost";

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];
}
