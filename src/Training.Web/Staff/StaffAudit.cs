using Training.Audit;
using Training.Data;

namespace Training.Web.Staff;

/// <summary>
/// Records that the signed-in staff member printed or downloaded something holding residents' personal data (a sign-in
/// sheet, a call list, an attendance grid, certificates), so the audit log answers "who took a copy".
/// </summary>
public class StaffAudit(UnitOfWork unitOfWork, StaffScope scope, AuditLog audit)
{
    /// <summary>One row through the one recorder, joining the caller's unit of work when one is running.</summary>
    public Task RecordAsync(string action, AuditTarget target, string details = "", CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(_ =>
        {
            audit.Record(scope.Actor, action, target, details);
            return Task.CompletedTask;
        }, cancellationToken);
}
