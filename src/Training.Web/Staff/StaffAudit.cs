using Training.Audit;
using Training.Data;
using Training.Time;

namespace Training.Web.Staff;

/// <summary>
/// Records that the signed-in staff member printed or downloaded something holding residents' personal data (a sign-in
/// sheet, a call list, an attendance grid, certificates), so the audit log answers "who took a copy".
/// </summary>
public class StaffAudit(TrainingDbContext db, UnitOfWork unitOfWork, StaffScope scope, IHttpContextAccessor http, SiteClock clock)
{
    public Task RecordAsync(string action, string entityType, string? entityId, string details, int? personId = null,
        CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(_ =>
        {
            db.AuditEntries.Add(new AuditEntry
            {
                At = clock.UtcNow, StaffUserId = scope.UserId, StaffUserName = scope.User.Identity?.Name ?? "", Action = action, EntityType = entityType,
                EntityId = entityId, PersonId = personId, Details = details.Length > 1000 ? details[..1000] : details,
                RemoteAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            });
            return Task.CompletedTask;
        }, cancellationToken);
}
