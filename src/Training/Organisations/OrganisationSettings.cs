using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.People;
using Training.Time;

namespace Training.Organisations;

/// <summary>What became of a change to a setting: saved, refused with the problems by field, or nothing to change.</summary>
public abstract record SettingChange
{
    public sealed record Saved : SettingChange;
    public sealed record Invalid(IReadOnlyList<SettingProblem> Problems) : SettingChange;
    public sealed record NotFound : SettingChange;
}

/// <summary>
/// An administrator's changes to an organisation: its name and the number residents phone (shown at once everywhere),
/// and who issues its certificates from which day. Audited.
/// </summary>
public class OrganisationSettings(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, ContactNumbers contacts, SiteClock clock)
{
    public Task<SettingChange> ChangeContactAsync(int organisationId, string? name, string? phone, string? openingHours, Actor actor,
        CancellationToken cancellationToken = default)
    {
        var problems = Organisation.ContactProblems(name, phone, openingHours).ToList();
        if (problems.Count > 0) return Task.FromResult<SettingChange>(new SettingChange.Invalid(problems));
        return unitOfWork.RunAsync<SettingChange>(async ct =>
        {
            var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == organisationId, ct);
            if (organisation is null) return new SettingChange.NotFound();
            var before = $"{organisation.Name} / {organisation.Phone} / {organisation.OpeningHours}";
            organisation.ChangeContact(name!, phone, openingHours);
            audit.Record(actor, AuditAction.OrganisationUpdate, Target(organisation), $"{before} → {organisation.Name} / {organisation.Phone} / {organisation.OpeningHours}");
            // Every page footer and email shows the number: the cached one goes once this is committed.
            unitOfWork.AfterCommit(contacts.Forget);
            return new SettingChange.Saved();
        }, cancellationToken);
    }

    /// <summary>Records who issues the organisation's certificates from <paramref name="from"/> (those issued before keep theirs).</summary>
    public Task<SettingChange> AppointIssuerAsync(int organisationId, string? title, string? name, DateOnly? from, Actor actor,
        CancellationToken cancellationToken = default)
    {
        var problems = Organisation.IssuerProblems(title, name, from).ToList();
        if (problems.Count > 0) return Task.FromResult<SettingChange>(new SettingChange.Invalid(problems));
        return unitOfWork.RunAsync<SettingChange>(async ct =>
        {
            var organisation = await db.Organisations.Include(o => o.Issuers).FirstOrDefaultAsync(o => o.Id == organisationId, ct);
            if (organisation is null) return new SettingChange.NotFound();
            organisation.AppointIssuer(title!, name!, from!.Value, clock.Today);
            audit.Record(actor, AuditAction.OrganisationIssuer, Target(organisation), $"{title} {name} from {from:yyyy-MM-dd}");
            return new SettingChange.Saved();
        }, cancellationToken);
    }

    private static AuditTarget Target(Organisation organisation) =>
        AuditTarget.OfSetting("Organisation", organisation.Id.ToString(CultureInfo.InvariantCulture), organisation.Name);
}
