using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.Organisations;
using Training.People;

namespace Training.Activities;

/// <summary>The kinds of local activity, as administrators keep them: added, renamed, reordered, retired and restored. Audited.</summary>
public class ActivityKinds(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit)
{
    /// <summary>Adds a kind, or changes one when <paramref name="id"/> is given; two kinds never share a name.</summary>
    /// <param name="nameEn">The English name (blank: none; English pages show the Japanese).</param>
    public async Task<SettingChange> SaveAsync(int? id, string? name, int sortOrder, Actor actor, CancellationToken cancellationToken = default, string? nameEn = null)
    {
        var problems = ActivityKind.Problems(name, sortOrder, nameEn).ToList();
        var trimmed = name?.Trim() ?? "";
        if (problems.Count == 0 && await db.ActivityKinds.AnyAsync(k => k.Name == trimmed && k.Id != id, cancellationToken))
            problems.Add(new(nameof(ActivityKind.Name), ActivityKind.Messages.NameTaken));
        if (problems.Count > 0) return new SettingChange.Invalid(problems);
        return await unitOfWork.RunAsync<SettingChange>(async ct =>
        {
            if (id is null)
            {
                var added = ActivityKind.Create(trimmed, sortOrder, nameEn);
                db.ActivityKinds.Add(added);
                Record(actor, AuditAction.ActivityKindAdd, added, added.NameEn is null ? trimmed : $"{trimmed} / {added.NameEn}");
                return new SettingChange.Saved();
            }
            var kind = await db.ActivityKinds.FirstOrDefaultAsync(k => k.Id == id, ct);
            if (kind is null) return new SettingChange.NotFound();
            var before = $"{kind.Name} / {kind.NameEn}（{kind.SortOrder}）";
            kind.Change(trimmed, sortOrder, nameEn);
            Record(actor, AuditAction.ActivityKindChange, kind, $"{before} → {kind.Name} / {kind.NameEn}（{kind.SortOrder}）");
            return new SettingChange.Saved();
        }, cancellationToken);
    }

    /// <summary>Retires a kind (or brings it back). False: no such kind.</summary>
    public Task<bool> SetActiveAsync(int id, bool active, Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var kind = await db.ActivityKinds.FirstOrDefaultAsync(k => k.Id == id, ct);
            if (kind is null) return false;
            kind.SetActive(active);
            Record(actor, active ? AuditAction.ActivityKindRestore : AuditAction.ActivityKindRetire, kind, kind.Name);
            return true;
        }, cancellationToken);

    private void Record(Actor actor, AuditAction action, ActivityKind kind, string details) =>
        audit.Record(actor, action, AuditTarget.OfSetting("ActivityKind", kind.Id == 0 ? null : kind.Id.ToString(CultureInfo.InvariantCulture), kind.Name), details);
}
