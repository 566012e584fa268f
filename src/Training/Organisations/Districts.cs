using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.People;

namespace Training.Organisations;

/// <summary>
/// The districts (地区) as the city reorganises them: added, renamed, retired and brought back. A retired district leaves
/// every form's choices but keeps its people, courses, history and figures. Audited.
/// </summary>
public class Districts(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit)
{
    /// <summary>Adds a district, or renames one when <paramref name="id"/> is given; two districts never share a name.</summary>
    public async Task<SettingChange> SaveAsync(int? id, string? name, string? nameKana, Actor actor, CancellationToken cancellationToken = default)
    {
        var problems = Area.Problems(name, nameKana).ToList();
        var trimmed = name?.Trim() ?? "";
        if (problems.Count == 0 && await db.Areas.AnyAsync(a => a.Name == trimmed && a.Id != id, cancellationToken))
            problems.Add(new(nameof(Area.Name), Area.Messages.NameTaken));
        if (problems.Count > 0) return new SettingChange.Invalid(problems);
        return await unitOfWork.RunAsync<SettingChange>(async ct =>
        {
            if (id is null)
            {
                var order = (await db.Areas.MaxAsync(a => (int?)a.SortOrder, ct) ?? 0) + 1;
                var added = Area.District(trimmed, nameKana!, order);
                db.Areas.Add(added);
                Record(actor, AuditAction.AreaAdd, added, trimmed);
                return new SettingChange.Saved();
            }
            var area = await db.Areas.FirstOrDefaultAsync(a => a.Id == id, ct);
            if (area is null) return new SettingChange.NotFound();
            // Labelled by the name it had, so the log reads "old → new" under the district as it was known.
            Record(actor, AuditAction.AreaRename, area, $"{area.Name} → {trimmed}");
            area.Rename(trimmed, nameKana!);
            return new SettingChange.Saved();
        }, cancellationToken);
    }

    /// <summary>Retires a district (or brings it back): gone from the choices, kept in the records and the figures. False: no such district.</summary>
    public Task<bool> SetActiveAsync(int id, bool active, Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var area = await db.Areas.FirstOrDefaultAsync(a => a.Id == id, ct);
            if (area is null) return false;
            area.SetActive(active);
            Record(actor, active ? AuditAction.AreaRestore : AuditAction.AreaRetire, area, area.Name);
            return true;
        }, cancellationToken);

    private void Record(Actor actor, AuditAction action, Area area, string details) =>
        audit.Record(actor, action, AuditTarget.OfSetting("Area", area.Id == 0 ? null : area.Id.ToString(CultureInfo.InvariantCulture), area.Name), details);
}
