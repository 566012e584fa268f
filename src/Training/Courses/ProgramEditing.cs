using Microsoft.EntityFrameworkCore;
using Training.Attendance;
using Training.Audit;
using Training.Data;
using Training.People;
using Training.Organisations;

namespace Training.Courses;

/// <summary>What became of creating or changing a program.</summary>
public abstract record ProgramEdit
{
    /// <param name="RunsToDerive">When its completion rule changed: how many runs have their completions derived again; else 0.</param>
    public sealed record Saved(int ProgramId, bool RuleChanged, int RunsToDerive) : ProgramEdit;
    /// <summary>What is wrong, by field of <see cref="ProgramDetails"/>, in people's words.</summary>
    public sealed record Invalid(IReadOnlyList<(string Field, string Message)> Problems) : ProgramEdit;
    /// <summary>The program as it is now is out of the staff member's reach.</summary>
    public sealed record Forbidden : ProgramEdit;
    public sealed record NotFound : ProgramEdit;
}

/// <summary>
/// Creates and changes programs (what a run is of: its sessions, how it is completed, the qualification it grants),
/// audited. A new completion rule applies to every run of the program: each is marked, derived again once the change
/// commits, and derived at the next start should the process stop first. Certificates already issued are never
/// changed: those who no longer meet the rule are flagged for review.
/// </summary>
public class ProgramEditing(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, CompletionService completions)
{
    public static class Messages
    {
        public const string AreaOutOfReach = "担当の地区を選んでください。市全域の講座・活動は管理者が設定します。";
        public const string OrganisationMissing = "主催を選んでください。";
        public const string QualificationMissing = "資格を選び直してください。";
    }

    /// <param name="programId">The program to change; null creates one.</param>
    /// <param name="reach">What the staff member may create and change: both the program as it is and as it would become must be within it.</param>
    public async Task<ProgramEdit> SaveAsync(int? programId, ProgramDetails details, ProgramReach reach, Actor actor, CancellationToken cancellationToken = default)
    {
        if (await RefusalAsync(programId, details, reach, cancellationToken) is { } refused) return refused;

        return await unitOfWork.RunAsync<ProgramEdit>(async ct =>
        {
            var program = programId is null ? null : await db.Programs.FirstOrDefaultAsync(p => p.Id == programId, ct);
            if (programId is not null && program is null) return new ProgramEdit.NotFound();
            var ruleBefore = program?.CompletionRuleFingerprint;
            IReadOnlyList<string> changed = [];
            if (program is null) db.Programs.Add(program = new TrainingProgram(details));
            else changed = program.Edit(details);
            await db.SaveChangesAsync(ct);
            if (programId is null || changed.Count > 0)
                audit.Record(actor, programId is null ? AuditAction.ProgramCreate : AuditAction.ProgramEdit, AuditTarget.Of(program), string.Join(", ", changed.Order(StringComparer.Ordinal)));
            var ruleChanged = ruleBefore is not null && ruleBefore != program.CompletionRuleFingerprint;
            var runs = 0;
            if (ruleChanged)
            {
                var programKey = program.Id;
                runs = await completions.MarkProgramStaleAsync(programKey, ct);
                unitOfWork.Enqueue<ProgramCompletionsJob>(job => job.RunAsync(programKey, CancellationToken.None));
            }
            return new ProgramEdit.Saved(program.Id, ruleChanged, runs);
        }, cancellationToken);
    }

    /// <summary>
    /// Why the change cannot be saved — the program is gone or out of reach, or the details break a rule — or null when
    /// it can. A form that found problems of its own shows these with them (an <see cref="ProgramEdit.Invalid"/> may be empty).
    /// </summary>
    public async Task<ProgramEdit?> RefusalAsync(int? programId, ProgramDetails details, ProgramReach reach, CancellationToken cancellationToken = default)
    {
        if (programId is { } id)
        {
            var current = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (current is null) return new ProgramEdit.NotFound();
            if (!reach.Allows(current.AreaId, current.OrganisationId)) return new ProgramEdit.Forbidden();
        }
        var problems = await ProblemsAsync(details, reach, cancellationToken);
        return problems.Count > 0 ? new ProgramEdit.Invalid(problems) : null;
    }

    /// <summary>
    /// The details' own rules (<see cref="ProgramDetails.Problems"/>) and what they refer to: a district within reach (a
    /// city-wide program only for those who may keep one), an organiser and qualifications that exist.
    /// </summary>
    public async Task<IReadOnlyList<(string Field, string Message)>> ProblemsAsync(ProgramDetails details, ProgramReach reach,
        CancellationToken cancellationToken = default)
    {
        var problems = new List<(string Field, string Message)>();
        var areaKnown = details.AreaId is not { } areaId
            || await db.Areas.AnyAsync(a => a.Id == areaId && a.IsActive && a.Tier == AreaTier.District, cancellationToken);
        if (!areaKnown || !reach.Allows(details.AreaId, details.OrganisationId)) problems.Add((nameof(ProgramDetails.AreaId), Messages.AreaOutOfReach));
        problems.AddRange(details.Problems());
        if (!await db.Organisations.AnyAsync(o => o.Id == details.OrganisationId, cancellationToken))
            problems.Add((nameof(ProgramDetails.OrganisationId), Messages.OrganisationMissing));
        foreach (var (value, field) in new[] { (details.GrantsQualificationTypeId, nameof(ProgramDetails.GrantsQualificationTypeId)),
                     (details.RenewsQualificationTypeId, nameof(ProgramDetails.RenewsQualificationTypeId)) })
            if (value is { } typeId && !await db.QualificationTypes.AnyAsync(q => q.Id == typeId, cancellationToken))
                problems.Add((field, Messages.QualificationMissing));
        return problems;
    }
}
