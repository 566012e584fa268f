using Microsoft.EntityFrameworkCore;
using Training.Notifications.Channels;

namespace Training.Data;

/// <summary>
/// The channel outbox's insert that ignores a key already queued, like <see cref="OutboxStore"/>'s for email: two
/// servers queuing the same notice at once leave one row, and the caller's transaction is never broken by the conflict.
/// </summary>
public sealed class ChannelOutboxStore(TrainingDbContext db)
{
    /// <returns>Whether the row was new.</returns>
    public async Task<bool> InsertAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "OutboundMessages" ("IdempotencyKey", "Channel", "PersonId", "SessionId", "ToAddress", "Text", "TemplateName", "Category", "Status", "Attempts", "CreatedAt", "NextAttemptAt")
            VALUES ({message.IdempotencyKey}, {StoredNames.Of(message.Channel)}, {message.PersonId}, {message.SessionId}, {message.ToAddress}, {message.Text}, {message.TemplateName},
                {StoredNames.Of(message.Category)}, {StoredNames.Of(message.Status)}, {message.Attempts}, {message.CreatedAt}, {message.NextAttemptAt})
            ON CONFLICT ("IdempotencyKey") DO NOTHING
            """, cancellationToken) > 0;
}
