using Microsoft.EntityFrameworkCore;
using Training.Data;

namespace Training.Notifications;

/// <summary>Notices still waiting about sessions that changed, withdrawn from every channel at once.</summary>
public static class PendingNotices
{
    /// <summary>
    /// Withdraws what still waits about these sessions — emails, LINE and SMS messages not yet sent, calls not yet made —
    /// because it no longer holds (the session moved or will not take place). Only reminders, or everything about them.
    /// </summary>
    public static async Task WithdrawAsync(TrainingDbContext db, IReadOnlyCollection<int> sessionIds, bool remindersOnly, CancellationToken cancellationToken)
    {
        await db.OutboundEmails.Where(e => e.SessionId != null && sessionIds.Contains(e.SessionId.Value) && e.Status == EmailStatus.Pending)
            .Where(e => !remindersOnly || e.Category == EmailCategory.Reminder)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EmailStatus.Cancelled), cancellationToken);
        await db.OutboundMessages.Where(m => m.SessionId != null && sessionIds.Contains(m.SessionId.Value) && m.Status == EmailStatus.Pending)
            .Where(m => !remindersOnly || m.Category == EmailCategory.Reminder)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, EmailStatus.Cancelled), cancellationToken);
        await db.CallList.Where(c => c.SessionId != null && sessionIds.Contains(c.SessionId.Value) && c.DoneAt == null && !c.Cancelled)
            .Where(c => !remindersOnly || c.Kind == "session-reminder")
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Cancelled, true), cancellationToken);
    }
}
