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
public sealed class OutboxStore(TrainingDbContext db, UnitOfWork unitOfWork, QueuedSentMarks queuedMarks)
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
        if (db.Database.GetDbConnection() is not NpgsqlConnection connection) return await InsertPreparedAsync(emails, now, cancellationToken);
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

    /// <summary>
    /// SQLite: two commands prepared once for the whole list, bound again for each message and attachment. Through EF's
    /// raw-SQL pipeline each message cost as much again, and the sweep holds the write gate (every dispatcher's marks
    /// wait) for the whole insert.
    /// </summary>
    private async Task<int> InsertPreparedAsync(IReadOnlyList<PreparedEmail> emails, DateTime now, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            await using var insertEmail = Prepared(InsertEmailSql(i => $"@e{i}"), "@e", EmailColumns.Length, transaction);
            await using var insertAttachment = Prepared($"""
                INSERT INTO "OutboundEmailAttachments" ("OutboundEmailId", {Quoted(AttachmentColumns)})
                VALUES (@a0, {string.Join(", ", AttachmentColumns.Select((_, i) => $"@a{i + 1}"))})
                """, "@a", AttachmentColumns.Length + 1, transaction);
            var inserted = 0;
            foreach (var email in emails)
            {
                Bind(insertEmail, EmailValues(email, now));
                if (await insertEmail.ExecuteScalarAsync(cancellationToken) is not (long and var id)) continue;
                inserted++;
                foreach (var attachment in email.Request.Attachments ?? [])
                {
                    Bind(insertAttachment, [id, .. AttachmentValues(attachment)]);
                    await insertAttachment.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            return inserted;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private DbCommand Prepared(string sql, string prefix, int count, DbTransaction? transaction)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        for (var i = 0; i < count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = prefix + i;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static void Bind(DbCommand command, object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
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
    /// only marks a row this run still holds. It queues at the write gate like every writer: a mark colliding with a
    /// sweep's commit otherwise meets SQLITE_BUSY and sleeps in the driver's retry, hundreds of milliseconds each time.
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
        return new SentMark(command, db, unitOfWork, db.Database.IsSqlite() ? queuedMarks : null);
    }

    /// <summary>A prepared "sent" mark; awaiting it means the mark is committed.</summary>
    /// <remarks>
    /// On SQLite every commit is an fsync and there is one writer. Connections sending side by side queue their marks
    /// here, and whichever takes the write gate first commits every mark queued so far in one transaction: one fsync
    /// for several connections' marks. Each connection still waits for its own mark's commit before it sends again, so a
    /// crash leaves at most one message per connection delivered but not marked. PostgreSQL commits connections side by
    /// side (and shares their WAL flushes itself), so there each mark is its own statement.
    /// </remarks>
    public sealed class SentMark(DbCommand command, TrainingDbContext db, UnitOfWork unitOfWork, QueuedSentMarks? queue) : IAsyncDisposable
    {
        public async Task<int> ExecuteAsync(long id, string claimToken, DateTime sentAt)
        {
            if (queue is null)
                return await unitOfWork.RunStatementAsync(_ => RunAsync(new QueuedSentMarks.Mark(id, claimToken, sentAt)), CancellationToken.None);
            var mine = new QueuedSentMarks.Mark(id, claimToken, sentAt);
            queue.Add(mine);
            List<QueuedSentMarks.Mark> taken = [];
            try
            {
                await unitOfWork.RunAsync(async _ =>
                {
                    // Committed meanwhile by the connection that held the gate before us: nothing left to do.
                    if (mine.Committed.IsCompleted) return;
                    taken = queue.TakeAll();
                    command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                    foreach (var mark in taken) mark.Rows = await RunAsync(mark);
                    unitOfWork.AfterCommit(() => taken.ForEach(m => m.Done()));
                }, CancellationToken.None);
            }
            catch (Exception ex)
            {
                taken.ForEach(m => m.Fail(ex));
                throw;
            }
            return await mine.Committed;
        }

        private Task<int> RunAsync(QueuedSentMarks.Mark mark)
        {
            command.Parameters["@sentAt"].Value = mark.SentAt;
            command.Parameters["@id"].Value = mark.Id;
            command.Parameters["@claim"].Value = mark.ClaimToken;
            return command.ExecuteNonQueryAsync(CancellationToken.None);
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }
}

/// <summary>The "sent" marks waiting for a commit on SQLite, from every dispatcher connection of the process.</summary>
public sealed class QueuedSentMarks
{
    private readonly Lock _lock = new();
    private List<Mark> _waiting = [];

    public void Add(Mark mark)
    {
        lock (_lock) _waiting.Add(mark);
    }

    public List<Mark> TakeAll()
    {
        lock (_lock)
        {
            var taken = _waiting;
            _waiting = [];
            return taken;
        }
    }

    public sealed class Mark(long id, string claimToken, DateTime sentAt)
    {
        private readonly TaskCompletionSource<int> _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public long Id { get; } = id;
        public string ClaimToken { get; } = claimToken;
        public DateTime SentAt { get; } = sentAt;
        /// <summary>How many rows the mark changed (0: the claim was lost meanwhile).</summary>
        public int Rows { get; set; }
        public Task<int> Committed => _committed.Task;
        public void Done() => _committed.TrySetResult(Rows);
        public void Fail(Exception ex) => _committed.TrySetException(ex);
    }
}
