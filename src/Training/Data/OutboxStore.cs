using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Training.Notifications;

namespace Training.Data;

/// <summary>
/// The outbox's rows as SQL: the insert that ignores a key already queued, and the dispatcher's per-message marks.
/// Written by hand because they run thousands of times a sweep (EF's update pipeline was a third of the dispatcher's
/// time); what differs between SQLite and PostgreSQL stays here, with one column list and one mapping of enum names.
/// </summary>
public sealed class OutboxStore(TrainingDbContext db)
{
    private static readonly string[] EmailColumns =
    [
        "IdempotencyKey", "PersonId", "SessionId", "ToAddress", "ToName", "Subject", "TextBody", "HtmlBody",
        "TemplateName", "Category", "Status", "Attempts", "CreatedAt", "NextAttemptAt", "UnsubscribeUrl", "ReplyTo",
    ];

    private static readonly NpgsqlDbType[] EmailTypes =
    [
        NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
        NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.Text,
        NpgsqlDbType.Text,
    ];

    private static readonly string[] AttachmentColumns = ["FileName", "ContentType", "Content", "StoredPath"];
    private static readonly NpgsqlDbType[] AttachmentTypes = [NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bytea, NpgsqlDbType.Text];

    private static object?[] EmailValues(PreparedEmail prepared, DateTime now)
    {
        var (request, subject, rendered, unsubscribeUrl) = prepared;
        return
        [
            request.IdempotencyKey, request.PersonId, request.SessionId, request.ToAddress.Trim(), request.ToName, subject, rendered.TextBody,
            rendered.HtmlBody, request.TemplateName, StoredNames.Of(request.Category), StoredNames.Of(EmailStatus.Pending), 0, now, now, unsubscribeUrl,
            request.Model.Office?.Email is { Length: > 0 } replyTo ? replyTo : null,
        ];
    }

    private static object?[] AttachmentValues(EmailAttachment attachment) => [attachment.FileName, attachment.ContentType, attachment.Content, attachment.StoredPath];

    private static string Quoted(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"\"{c}\""));

    private static string InsertEmailSql(Func<int, string> placeholder) => $"""
        INSERT INTO "OutboundEmails" ({Quoted(EmailColumns)})
        VALUES ({string.Join(", ", EmailColumns.Select((_, i) => placeholder(i)))})
        ON CONFLICT ("IdempotencyKey") DO NOTHING
        RETURNING "Id"
        """;

    /// <summary>Inserts many prepared messages inside the caller's transaction; keys already queued are skipped.</summary>
    /// <remarks>
    /// On PostgreSQL they go in one round trip (a batch of one statement per message, its attachments in the same
    /// statement): one statement at a time, the 10,000-reminder sweep spent most of its time waiting on the network.
    /// </remarks>
    /// <returns>How many were new.</returns>
    public async Task<int> InsertAsync(IReadOnlyList<PreparedEmail> emails, DateTime now, CancellationToken cancellationToken)
    {
        if (emails.Count == 0) return 0;
        if (db.Database.GetDbConnection() is not NpgsqlConnection connection)
        {
            var inserted = 0;
            foreach (var email in emails)
                if (await InsertOneAsync(email, now, cancellationToken) is not null) inserted++;
            return inserted;
        }
        await using var batch = new NpgsqlBatch(connection) { Transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction };
        foreach (var email in emails) batch.BatchCommands.Add(PostgresInsertCommand(email, now));
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

    /// <returns>The new row's id, or null when the key was already there (another sweep or server got there first).</returns>
    public async Task<long?> InsertOneAsync(PreparedEmail prepared, DateTime now, CancellationToken cancellationToken)
    {
        var sql = InsertEmailSql(i => "{" + i + "}") + " AS \"Value\"";
        var ids = await db.Database.SqlQueryRaw<long>(sql, EmailValues(prepared, now)!).ToListAsync(cancellationToken);
        if (ids.Count == 0) return null;
        await InsertAttachmentsAsync(ids[0], prepared.Request.Attachments, cancellationToken);
        return ids[0];
    }

    private async Task InsertAttachmentsAsync(long emailId, IReadOnlyList<EmailAttachment>? attachments, CancellationToken cancellationToken)
    {
        // Inserted directly, not tracked: a sweep queuing thousands of messages in one context would otherwise
        // compare every earlier attachment's bytes on each save.
        var placeholders = string.Join(", ", Enumerable.Range(0, AttachmentColumns.Length + 1).Select(i => "{" + i + "}"));
        var attachmentSql = $"""
            INSERT INTO "OutboundEmailAttachments" ("OutboundEmailId", {Quoted(AttachmentColumns)})
            VALUES ({placeholders})
            """;
        foreach (var attachment in attachments ?? [])
            await db.Database.ExecuteSqlRawAsync(attachmentSql, new object?[] { emailId }.Concat(AttachmentValues(attachment)).ToArray()!, cancellationToken);
    }

    /// <summary>
    /// A message committed as what to send, to be rendered after the commit (<see cref="EmailStatus.Preparing"/>): its key,
    /// recipient and template, no body yet. A key already queued is skipped.
    /// </summary>
    /// <returns>Whether it was new.</returns>
    public async Task<bool> InsertToPrepareAsync(EmailIntent intent, DateTime now, CancellationToken cancellationToken)
    {
        object?[] values =
        [
            intent.IdempotencyKey, intent.PersonId, intent.SessionId, intent.ToAddress.Trim(), intent.ToName, "", "", null, intent.TemplateName,
            StoredNames.Of(intent.Category), StoredNames.Of(EmailStatus.Preparing), 0, now, now, null, null,
        ];
        var sql = $"""
            INSERT INTO "OutboundEmails" ({Quoted(EmailColumns)})
            VALUES ({string.Join(", ", EmailColumns.Select((_, i) => "{" + i + "}"))})
            ON CONFLICT ("IdempotencyKey") DO NOTHING
            """;
        return await db.Database.ExecuteSqlRawAsync(sql, values!, cancellationToken) > 0;
    }

    /// <summary>
    /// Fills a message being prepared with what was rendered and makes it due, with its attachments, in the caller's
    /// transaction. Only a row still being prepared is touched: of two preparers racing, one writes it.
    /// </summary>
    /// <returns>Whether this call made it due.</returns>
    public async Task<bool> MarkPreparedAsync(long emailId, PreparedEmail prepared, DateTime now, CancellationToken cancellationToken)
    {
        var (request, subject, rendered, unsubscribeUrl) = prepared;
        var replyTo = request.Model.Office?.Email is { Length: > 0 } office ? office : null;
        var changed = await db.OutboundEmails.Where(e => e.Id == emailId && e.Status == EmailStatus.Preparing).ExecuteUpdateAsync(setters => setters
            .SetProperty(e => e.Subject, subject)
            .SetProperty(e => e.TextBody, rendered.TextBody)
            .SetProperty(e => e.HtmlBody, rendered.HtmlBody)
            .SetProperty(e => e.UnsubscribeUrl, unsubscribeUrl)
            .SetProperty(e => e.ReplyTo, replyTo)
            .SetProperty(e => e.Status, EmailStatus.Pending)
            .SetProperty(e => e.NextAttemptAt, now), cancellationToken);
        if (changed == 0) return false;
        await InsertAttachmentsAsync(emailId, request.Attachments, cancellationToken);
        return true;
    }

    private static NpgsqlBatchCommand PostgresInsertCommand(PreparedEmail prepared, DateTime now)
    {
        var command = new NpgsqlBatchCommand();
        void Add(object? value, NpgsqlDbType type) => command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        var values = EmailValues(prepared, now);
        for (var i = 0; i < values.Length; i++) Add(values[i], EmailTypes[i]);
        var rows = new List<string>();
        foreach (var attachment in prepared.Request.Attachments ?? [])
        {
            var at = command.Parameters.Count + 1;
            var attachmentValues = AttachmentValues(attachment);
            for (var i = 0; i < attachmentValues.Length; i++) Add(attachmentValues[i], AttachmentTypes[i]);
            rows.Add($"({string.Join(", ", attachmentValues.Select((_, i) => $"${at + i}"))})");
        }
        var attachmentInsert = rows.Count == 0 ? "" : $"""
            , a AS (INSERT INTO "OutboundEmailAttachments" ("OutboundEmailId", {Quoted(AttachmentColumns)})
                SELECT e."Id", v.* FROM e CROSS JOIN (VALUES {string.Join(", ", rows)}) AS v)
            """;
        command.CommandText = $"""
            WITH e AS ({InsertEmailSql(i => $"${i + 1}")}){attachmentInsert}
            SELECT count(*) FROM e
            """;
        return command;
    }

    /// <summary>
    /// The dispatcher's "sent" mark as one command prepared on the run's connection: it runs once per message, and
    /// only marks a row this run still holds.
    /// </summary>
    public SentMark PrepareSentMark()
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = """
            UPDATE "OutboundEmails" SET "Status" = @sent, "SentAt" = @sentAt, "Attempts" = "Attempts" + 1, "ClaimToken" = NULL, "ClaimedUntil" = NULL
            WHERE "Id" = @id AND "ClaimToken" = @claim
            """;
        foreach (var (name, value) in new (string, object)[] { ("@sent", StoredNames.Of(EmailStatus.Sent)), ("@sentAt", DateTime.UtcNow), ("@id", 0L), ("@claim", "") })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        command.Prepare();
        return new SentMark(command);
    }

    public sealed class SentMark(DbCommand command) : IAsyncDisposable
    {
        public Task<int> ExecuteAsync(long id, string claimToken, DateTime sentAt)
        {
            command.Parameters["@sentAt"].Value = sentAt;
            command.Parameters["@id"].Value = id;
            command.Parameters["@claim"].Value = claimToken;
            return command.ExecuteNonQueryAsync(CancellationToken.None);
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }
}
