using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Courses;
using Training.Data;
using Training.Organisations;
using Training.People;

namespace Training.Activities;

/// <summary>What became of a change to a local activity or one of its needs.</summary>
public abstract record ActivityChange
{
    public sealed record Saved(int ActivityId, IReadOnlyList<string> Fields) : ActivityChange;
    public sealed record Invalid(IReadOnlyList<SettingProblem> Problems) : ActivityChange;
    /// <summary>No such activity or need.</summary>
    public sealed record NotFound : ActivityChange;
    /// <summary>The activity (or the district asked for) is outside the staff member's districts.</summary>
    public sealed record OutOfScope : ActivityChange;
    /// <summary>Someone saved the activity after the form was opened: nothing saved; these fields differ now.</summary>
    public sealed record Conflict(IReadOnlyList<string> Fields) : ActivityChange;
}

/// <summary>
/// The use cases on local activities (地域資源) and their needs: created, corrected, ended and resumed, needs added,
/// changed, closed and reopened. A coordinator works only in their districts (<c>staffAreas</c>; empty: every district,
/// and city-wide activities). Every change is audited.
/// </summary>
public class LocalActivities(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit)
{
    public static class Messages
    {
        public const string KindUnknown = "その種類は選べません。一覧から選んでください。";
        public const string AreaUnknown = "その地区は選べません。一覧から選んでください。";
        public const string OrganisationUnknown = "その団体は登録されていません。";
        public const string ProgramUnknown = "市の活動（予定）は、種類が「活動」の研修から選んでください。";
        public const string PersonUnknown = "その方の記録が見つかりません。";
    }

    /// <summary>Whether a staff member of these districts (empty: every one) works on an activity in this district (null: city-wide).</summary>
    public static bool InScope(IReadOnlyCollection<int> staffAreas, int? areaId) => staffAreas.Count == 0 || (areaId is not null && staffAreas.Contains(areaId.Value));

    /// <summary>Creates an activity, or corrects one when <paramref name="id"/> is given.</summary>
    /// <param name="version">For a correction: the activity's <see cref="LocalActivity.UpdatedAt"/> when the form was opened; a later save by
    /// someone else refuses it (<see cref="ActivityChange.Conflict"/>), as a course's correction is refused.</param>
    /// <param name="original">The details as the form was opened, to name what someone else changed.</param>
    public async Task<ActivityChange> SaveAsync(int? id, ActivityInput input, IReadOnlyCollection<int> staffAreas, Actor actor, CancellationToken cancellationToken = default,
        DateTime? version = null, ActivityInput? original = null)
    {
        var problems = LocalActivity.Problems(input).ToList();
        LocalActivity? existing = null;
        if (id is not null)
        {
            existing = await db.LocalActivities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
            if (existing is null) return new ActivityChange.NotFound();
            if (!InScope(staffAreas, existing.AreaId)) return new ActivityChange.OutOfScope();
        }
        var currentKind = existing?.KindId;
        var currentArea = existing?.AreaId;
        if (input.KindId is { } kindId && !await db.ActivityKinds.AnyAsync(k => k.Id == kindId && (k.IsActive || k.Id == currentKind), cancellationToken))
            problems.Add(new(nameof(ActivityInput.KindId), Messages.KindUnknown));
        if (input.AreaId is { } areaId && !await db.Areas.AnyAsync(a => a.Id == areaId && (a.IsActive || a.Id == currentArea), cancellationToken))
            problems.Add(new(nameof(ActivityInput.AreaId), Messages.AreaUnknown));
        else if (!InScope(staffAreas, input.AreaId)) problems.Add(new(nameof(ActivityInput.AreaId), Messages.AreaUnknown));
        if (input.OrganisationId is { } organisationId && !await db.Organisations.AnyAsync(o => o.Id == organisationId, cancellationToken))
            problems.Add(new(nameof(ActivityInput.OrganisationId), Messages.OrganisationUnknown));
        if (input.ProgramId is { } programId && !await db.Programs.AnyAsync(p => p.Id == programId && p.Kind == ProgramKind.Activity, cancellationToken))
            problems.Add(new(nameof(ActivityInput.ProgramId), Messages.ProgramUnknown));
        if (existing is { IsActive: false }) problems.Add(new("", LocalActivity.Messages.Retired));
        if (problems.Count > 0) return new ActivityChange.Invalid(problems);

        return await unitOfWork.RunAsync<ActivityChange>(async ct =>
        {
            if (id is null)
            {
                var added = LocalActivity.Create(input);
                db.LocalActivities.Add(added);
                await db.SaveChangesAsync(ct);
                Record(actor, AuditAction.ActivityCreate, added, added.Name);
                return new ActivityChange.Saved(added.Id, ActivityInput.FieldLabels.Keys.ToList());
            }
            var activity = await db.LocalActivities.FirstAsync(a => a.Id == id, ct);
            if (version is not null && activity.UpdatedAt != version)
                return new ActivityChange.Conflict(ActivityInput.DifferingFields(original ?? input, ActivityInput.From(activity)));
            var fields = activity.Correct(input);
            if (fields.Count > 0) Record(actor, AuditAction.ActivityEdit, activity, string.Join("、", fields.Select(f => ActivityInput.FieldLabels[f])));
            return new ActivityChange.Saved(activity.Id, fields);
        }, cancellationToken);
    }

    /// <summary>Records a resident leader (a person on record) as the organiser.</summary>
    public Task<ActivityChange> SetLeaderAsync(int id, int personId, IReadOnlyCollection<int> staffAreas, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, staffAreas, async (activity, ct) =>
        {
            if (!activity.IsActive) return new ActivityChange.Invalid([new("", LocalActivity.Messages.Retired)]);
            var person = await db.People.Where(p => p.Id == personId && p.AnonymisedAt == null).Select(p => new { p.Id, p.FamilyName, p.GivenName }).FirstOrDefaultAsync(ct);
            if (person is null) return new ActivityChange.Invalid([new("LeaderPersonId", Messages.PersonUnknown)]);
            activity.SetLeader(person.Id);
            Record(actor, AuditAction.ActivityEdit, activity, $"代表者: {person.FamilyName} {person.GivenName}");
            return new ActivityChange.Saved(activity.Id, ["LeaderPersonId"]);
        }, cancellationToken);

    /// <summary>Ends an activity (gone from the lists, kept on record) or resumes it.</summary>
    public Task<ActivityChange> SetActiveAsync(int id, bool active, IReadOnlyCollection<int> staffAreas, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, staffAreas, (activity, _) =>
        {
            if (activity.SetActive(active)) Record(actor, active ? AuditAction.ActivityRestore : AuditAction.ActivityRetire, activity, activity.Name);
            return Task.FromResult<ActivityChange>(new ActivityChange.Saved(activity.Id, []));
        }, cancellationToken);

    /// <summary>Adds a need to an activity, or changes one of its needs when <paramref name="needId"/> is given.</summary>
    public async Task<ActivityChange> SaveNeedAsync(int id, int? needId, NeedInput input, IReadOnlyCollection<int> staffAreas, Actor actor, CancellationToken cancellationToken = default)
    {
        var problems = ActivityNeed.Problems(input).ToList();
        if (input.QualificationTypeId is { } typeId && !await db.QualificationTypes.AnyAsync(q => q.Id == typeId, cancellationToken))
            problems.Add(new(nameof(NeedInput.QualificationTypeId), ActivityNeed.Messages.QualificationUnknown));
        if (problems.Count > 0)
        {
            // Still 404/403 for an activity the staff member may not reach, before saying what was wrong.
            var found = await db.LocalActivities.AsNoTracking().Where(a => a.Id == id).Select(a => new { a.AreaId }).FirstOrDefaultAsync(cancellationToken);
            if (found is null) return new ActivityChange.NotFound();
            if (!InScope(staffAreas, found.AreaId)) return new ActivityChange.OutOfScope();
            return new ActivityChange.Invalid(problems);
        }
        return await ChangeAsync(id, staffAreas, async (activity, ct) =>
        {
            if (!activity.IsActive) return new ActivityChange.Invalid([new("", LocalActivity.Messages.Retired)]);
            if (needId is null)
            {
                activity.AddNeed(input);
                Record(actor, AuditAction.ActivityNeedAdd, activity, $"{input.Helpers}人");
                return new ActivityChange.Saved(activity.Id, []);
            }
            var need = await db.ActivityNeeds.FirstOrDefaultAsync(n => n.Id == needId && n.LocalActivityId == activity.Id, ct);
            if (need is null) return new ActivityChange.NotFound();
            need.Change(input);
            Record(actor, AuditAction.ActivityNeedEdit, activity, $"#{need.Id}: {input.Helpers}人");
            return new ActivityChange.Saved(activity.Id, []);
        }, cancellationToken);
    }

    /// <summary>Closes a need (no more helpers wanted) or opens it again.</summary>
    public Task<ActivityChange> SetNeedOpenAsync(int id, int needId, bool open, IReadOnlyCollection<int> staffAreas, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, staffAreas, async (activity, ct) =>
        {
            var need = await db.ActivityNeeds.FirstOrDefaultAsync(n => n.Id == needId && n.LocalActivityId == activity.Id, ct);
            if (need is null) return new ActivityChange.NotFound();
            if (need.SetOpen(open)) Record(actor, open ? AuditAction.ActivityNeedReopen : AuditAction.ActivityNeedClose, activity, $"#{need.Id}");
            return new ActivityChange.Saved(activity.Id, []);
        }, cancellationToken);

    private Task<ActivityChange> ChangeAsync(int id, IReadOnlyCollection<int> staffAreas, Func<LocalActivity, CancellationToken, Task<ActivityChange>> change,
        CancellationToken cancellationToken) =>
        unitOfWork.RunAsync(async ct =>
        {
            var activity = await db.LocalActivities.FirstOrDefaultAsync(a => a.Id == id, ct);
            if (activity is null) return new ActivityChange.NotFound();
            if (!InScope(staffAreas, activity.AreaId)) return new ActivityChange.OutOfScope();
            return await change(activity, ct);
        }, keep: outcome => outcome is ActivityChange.Saved, cancellationToken);

    private void Record(Actor actor, AuditAction action, LocalActivity activity, string details) =>
        audit.Record(actor, action, new AuditTarget("LocalActivity", activity.Id == 0 ? null : activity.Id.ToString(CultureInfo.InvariantCulture), activity.Name), details);
}
