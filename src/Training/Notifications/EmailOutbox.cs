using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Data;

namespace Training.Notifications;

/// <summary>An attachment: its bytes, or a file under Site:DataDirectory shared by many messages (stored once).</summary>
public record EmailAttachment(string FileName, string ContentType, byte[]? Content, string? StoredPath = null);

/// <summary>What to send and to whom. The idempotency key names the message uniquely, e.g. reminder:{session}:{person}:{offset}.</summary>
public record EmailRequest(
    string IdempotencyKey,
    string TemplateName,
    string Language,
    string ToAddress,
    string ToName,
    EmailModel Model,
    EmailCategory Category = EmailCategory.Essential,
    int? PersonId = null,
    IReadOnlyList<EmailAttachment>? Attachments = null,
    int? SessionId = null);

/// <summary>
/// What to send and to whom, without its body: committed with the change it is about and rendered after the commit by
/// the feature that queued it (<see cref="IEmailPreparation"/>), from the key.
/// </summary>
public record EmailIntent(string IdempotencyKey, string TemplateName, string ToAddress, string ToName, EmailCategory Category, int? PersonId,
    int? SessionId = null);

/// <summary>
/// Puts messages into the outbox. Queuing the same idempotency key again changes nothing, even from two
/// servers at once: the insert itself ignores the conflict, so the caller's transaction is never broken by it.
/// </summary>
public class EmailOutbox(TrainingDbContext db, UnitOfWork unitOfWork, OutboxStore store, OutboxKick kick, EmailTemplates templates, IOptions<EmailOptions> options, TimeProvider time,
    UnsubscribeLinks unsubscribe)
{
    /// <summary>Queues one message in the caller's unit of work (or a unit of its own); it leaves once that commits.</summary>
    /// <returns>The new row's id, or null when a message with this key was already queued.</returns>
    public async Task<long?> QueueAsync(EmailRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        if (await db.OutboundEmails.AnyAsync(e => e.IdempotencyKey == request.IdempotencyKey, cancellationToken))
            return null;
        var prepared = await PrepareAsync(request);
        return await unitOfWork.RunAsync(ct => InsertAsync(prepared, ct), cancellationToken);
    }

    /// <summary>
    /// Queues what to send in the caller's unit of work, to be rendered once it has committed (<see cref="OutboxPreparer"/>,
    /// which the dispatcher runs first): a request that books a seat does not wait for a template or a QR code.
    /// </summary>
    /// <returns>Whether it was new (false: a message with this key was already queued).</returns>
    public Task<bool> QueueToPrepareAsync(EmailIntent intent, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(intent.IdempotencyKey);
            ArgumentException.ThrowIfNullOrWhiteSpace(intent.ToAddress);
            var inserted = await store.InsertToPrepareAsync(intent, time.GetUtcNow().UtcDateTime, ct);
            if (inserted) unitOfWork.AfterCommit(kick.Request);
            return inserted;
        }, cancellationToken);

    /// <summary>
    /// Renders a message without touching the database, so a sweep can prepare many on every core and then insert
    /// them in one transaction.
    /// </summary>
    public async Task<PreparedEmail> PrepareAsync(EmailRequest request)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ToAddress);
        if (!EmailModels.ByTemplate.TryGetValue(request.TemplateName, out var modelType) || modelType != request.Model.GetType())
            throw new ArgumentException($"The template '{request.TemplateName}' is written for {modelType?.Name ?? "no model"}, not {request.Model.GetType().Name}.", nameof(request));
        // Mail a person can turn off carries its own one-click link, in the headers and the footer.
        string? unsubscribeUrl = null;
        var model = request.Model;
        if (request.Category.CanUnsubscribe() && request.PersonId is { } personId)
        {
            unsubscribeUrl = unsubscribe.Url(personId, request.Category);
            model = model with { UnsubscribeUrl = unsubscribeUrl };
        }
        var rendered = await templates.RenderAsync(request.TemplateName, request.Language, model);
        return new PreparedEmail(request, options.Value.SubjectPrefix + rendered.Subject, rendered, unsubscribeUrl);
    }

    /// <summary>
    /// Sends failed messages again from the start (after the address or the server was fixed): back to pending with
    /// their attempts reset, and the dispatcher kicked once that is committed.
    /// </summary>
    /// <returns>How many were failed and are now pending.</returns>
    public Task<int> RetryFailedAsync(IQueryable<OutboundEmail> which, CancellationToken cancellationToken = default) =>
        unitOfWork.RunStatementAsync(async ct =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            var changed = await which.Where(e => e.Status == EmailStatus.Failed).ExecuteUpdateAsync(setters => setters
                .SetProperty(e => e.Status, EmailStatus.Pending)
                .SetProperty(e => e.Attempts, 0)
                .SetProperty(e => e.NextAttemptAt, now), ct);
            if (changed > 0) unitOfWork.AfterCommit(kick.Request);
            return changed;
        }, cancellationToken);

    /// <summary>
    /// Inserts many prepared messages inside the caller's unit of work; keys already queued are skipped. The dispatcher
    /// is kicked once the unit commits.
    /// </summary>
    /// <returns>How many were new.</returns>
    public async Task<int> InsertManyAsync(IReadOnlyList<PreparedEmail> emails, CancellationToken cancellationToken = default)
    {
        var inserted = await store.InsertAsync(emails, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (inserted > 0) unitOfWork.AfterCommit(kick.Request);
        return inserted;
    }

    /// <returns>The new row's id, or null when the key was already there (another sweep or server got there first).</returns>
    public async Task<long?> InsertAsync(PreparedEmail prepared, CancellationToken cancellationToken = default)
    {
        var id = await store.InsertOneAsync(prepared, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (id is not null) unitOfWork.AfterCommit(kick.Request);
        return id;
    }
}

/// <summary>A message rendered and ready to insert.</summary>
public sealed record PreparedEmail(EmailRequest Request, string Subject, RenderedEmail Rendered, string? UnsubscribeUrl);
