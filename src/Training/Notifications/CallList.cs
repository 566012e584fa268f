using Microsoft.EntityFrameworkCore;
using Training.Data;

namespace Training.Notifications;

/// <summary>
/// The one way to add to the coordinators' call list (registration notices, promotions, session and course changes,
/// course messages, reminders for people without email): once per key, like the outbox, even from two sweeps at once.
/// The row is written at once, inside the caller's transaction.
/// </summary>
public static class CallList
{
    /// <returns>1 when added, 0 when an entry with this key was already there.</returns>
    public static async Task<int> AddAsync(TrainingDbContext db, CallListEntry entry, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "CallList" ("IdempotencyKey", "PersonId", "SessionId", "CourseId", "Kind", "Message", "MessageEn", "DueOn", "CreatedAt", "Cancelled", "Urgent")
            VALUES ({entry.IdempotencyKey}, {entry.PersonId}, {entry.SessionId}, {entry.CourseId}, {entry.Kind}, {entry.Message}, {entry.MessageEn}, {entry.DueOn}, {entry.CreatedAt}, {false}, {entry.Urgent})
            ON CONFLICT ("IdempotencyKey") DO NOTHING
            """, cancellationToken);
}
