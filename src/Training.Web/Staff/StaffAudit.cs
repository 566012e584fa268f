using Training.Audit;

namespace Training.Web.Staff;

/// <summary>
/// Records that the signed-in staff member printed or downloaded something holding residents' personal data (a sign-in
/// sheet, a call list, an attendance grid, certificates), so the audit log answers "who took a copy".
/// </summary>
public class StaffAudit(StaffScope scope, AuditLog audit)
{
    /// <summary>One row by the signed-in staff member, through the one recorder (<see cref="AuditLog.RecordAsync"/>).</summary>
    public Task RecordAsync(AuditAction action, AuditTarget target, string details = "", CancellationToken cancellationToken = default) =>
        audit.RecordAsync(scope.Actor, action, target, details, cancellationToken);
}
