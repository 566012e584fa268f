using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
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
    IReadOnlyDictionary<string, object?> Model,
    EmailCategory Category = EmailCategory.Essential,
    int? PersonId = null,
    IReadOnlyList<EmailAttachment>? Attachments = null,
    int? SessionId = null);

/// <summary>
/// Puts messages into the outbox. Queuing the same idempotency key again changes nothing, even from two
/// servers at once: the insert itself ignores the conflict, so the caller's transaction is never broken by it.
/// </summary>
public class EmailOutbox(TrainingDbContext db, EmailTemplates templates, IOptions<EmailOptions> options, TimeProvider time, UnsubscribeLinks unsubscribe)
{
    /// <returns>The new row's id, or null when a message with this key was already queued.</returns>
    public async Task<long?> QueueAsync(EmailRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        if (await db.OutboundEmails.AnyAsync(e => e.IdempotencyKey == request.IdempotencyKey, cancellationToken))
            return null;
        return await InsertAsync(await PrepareAsync(request), cancellationToken);
    }

    /// <summary>
    /// Renders a message without touching the database, so a sweep can prepare many on every core and then insert
    /// them in one transaction.
    /// </summary>
    public async Task<PreparedEmail> PrepareAsync(EmailRequest request)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ToAddress);
        // Mail a person can turn off carries its own one-click link, in the headers and the footer.
        string? unsubscribeUrl = null;
        var model = request.Model;
        if (request.Category.CanUnsubscribe() && request.PersonId is { } personId)
        {
            unsubscribeUrl = unsubscribe.Url(personId, request.Category);
            model = new Dictionary<string, object?>(request.Model) { ["unsubscribe_url"] = unsubscribeUrl };
        }
        var rendered = await templates.RenderAsync(request.TemplateName, request.Language, model);
        return new PreparedEmail(request, options.Value.SubjectPrefix + rendered.Subject, rendered, unsubscribeUrl);
    }

    /// <summary>
    /// Inserts many prepared messages inside the caller's transaction; keys already queued are skipped.
    /// On PostgreSQL they go in one round trip (a batch of one statement per message, its attachments in the same
    /// statement): one statement at a time, the 10,000-reminder sweep spent most of its time waiting on the network.
    /// </summary>
    /// <returns>How many were new.</returns>
    public async Task<int> InsertManyAsync(IReadOnlyList<PreparedEmail> emails, CancellationToken cancellationToken = default)
    {
        if (emails.Count == 0) return 0;
        if (db.Database.GetDbConnection() is not NpgsqlConnection connection)
        {
            var inserted = 0;
            foreach (var email in emails)
                if (await InsertAsync(email, cancellationToken) is not null) inserted++;
            return inserted;
        }
        var now = time.GetUtcNow().UtcDateTime;
        await using var batch = new NpgsqlBatch(connection) { Transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction };
        foreach (var email in emails) batch.BatchCommands.Add(InsertCommand(email, now));
        var count = 0;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            do
            {
                while (await reader.ReadAsync(cancellationToken)) count += (int)reader.GetInt64(0);
            } while (await reader.NextResultAsync(cancellationToken));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return count;
    }

    private static NpgsqlBatchCommand InsertCommand(PreparedEmail prepared, DateTime now)
    {
        var (request, subject, rendered, unsubscribeUrl) = prepared;
        var command = new NpgsqlBatchCommand();
        void Add(object? value, NpgsqlDbType type) => command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        Add(request.IdempotencyKey, NpgsqlDbType.Text);
        Add(request.PersonId, NpgsqlDbType.Integer);
        Add(request.SessionId, NpgsqlDbType.Integer);
        Add(request.ToAddress.Trim(), NpgsqlDbType.Text);
        Add(request.ToName, NpgsqlDbType.Text);
        Add(subject, NpgsqlDbType.Text);
        Add(rendered.TextBody, NpgsqlDbType.Text);
        Add(rendered.HtmlBody, NpgsqlDbType.Text);
        Add(request.TemplateName, NpgsqlDbType.Text);
        Add(request.Category.ToString(), NpgsqlDbType.Text);
        Add(EmailStatus.Pending.ToString(), NpgsqlDbType.Text);
        Add(now, NpgsqlDbType.TimestampTz);
        Add(unsubscribeUrl, NpgsqlDbType.Text);
        var attachments = request.Attachments ?? [];
        var rows = new List<string>();
        foreach (var attachment in attachments)
        {
            var at = command.Parameters.Count + 1;
            Add(attachment.FileName, NpgsqlDbType.Text);
            Add(attachment.ContentType, NpgsqlDbType.Text);
            Add(attachment.Content, NpgsqlDbType.Bytea);
            Add(attachment.StoredPath, NpgsqlDbType.Text);
            rows.Add($"(${at}, ${at + 1}, ${at + 2}, ${at + 3})");
        }
        var attachmentInsert = rows.Count == 0 ? "" : $"""
            , a AS (INSERT INTO "OutboundEmailAttachments" ("OutboundEmailId", "FileName", "ContentType", "Content", "StoredPath")
                SELECT e."Id", v.f, v.ct, v.c, v.sp FROM e CROSS JOIN (VALUES {string.Join(", ", rows)}) AS v (f, ct, c, sp))
            """;
        command.CommandText = $"""
            WITH e AS (
                INSERT INTO "OutboundEmails" ("IdempotencyKey", "PersonId", "SessionId", "ToAddress", "ToName", "Subject", "TextBody", "HtmlBody",
                    "TemplateName", "Category", "Status", "Attempts", "CreatedAt", "NextAttemptAt", "UnsubscribeUrl")
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, $12, $13)
                ON CONFLICT ("IdempotencyKey") DO NOTHING
                RETURNING "Id"){attachmentInsert}
            SELECT count(*) FROM e
            """;
        return command;
    }

    /// <returns>The new row's id, or null when the key was already there (another sweep or server got there first).</returns>
    public async Task<long?> InsertAsync(PreparedEmail prepared, CancellationToken cancellationToken = default)
    {
        var (request, subject, rendered, unsubscribeUrl) = prepared;
        var now = time.GetUtcNow().UtcDateTime;
        var ids = await db.Database.SqlQuery<long>($"""
            INSERT INTO "OutboundEmails" ("IdempotencyKey", "PersonId", "SessionId", "ToAddress", "ToName", "Subject", "TextBody", "HtmlBody",
                "TemplateName", "Category", "Status", "Attempts", "CreatedAt", "NextAttemptAt", "UnsubscribeUrl")
            VALUES ({request.IdempotencyKey}, {request.PersonId}, {request.SessionId}, {request.ToAddress.Trim()}, {request.ToName}, {subject},
                {rendered.TextBody}, {rendered.HtmlBody}, {request.TemplateName}, {request.Category.ToString()},
                {EmailStatus.Pending.ToString()}, 0, {now}, {now}, {unsubscribeUrl})
            ON CONFLICT ("IdempotencyKey") DO NOTHING
            RETURNING "Id" AS "Value"
            """).ToListAsync(cancellationToken);
        if (ids.Count == 0) return null;

        var id = ids[0];
        // Inserted directly, not tracked: a sweep queuing thousands of messages in one context would otherwise
        // compare every earlier attachment's bytes on each save.
        foreach (var attachment in request.Attachments ?? [])
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "OutboundEmailAttachments" ("OutboundEmailId", "FileName", "ContentType", "Content", "StoredPath")
                VALUES ({id}, {attachment.FileName}, {attachment.ContentType}, {attachment.Content}, {attachment.StoredPath})
                """, cancellationToken);
        return id;
    }
}

/// <summary>A message rendered and ready to insert.</summary>
public sealed record PreparedEmail(EmailRequest Request, string Subject, RenderedEmail Rendered, string? UnsubscribeUrl);
