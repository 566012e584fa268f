using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.Notifications;

namespace Training.People;

/// <summary>What became of a correction of a person's details.</summary>
public abstract record PersonCorrection
{
    /// <summary>Saved (possibly with nothing to change). <paramref name="PrintedNameChanged"/>: certificates may need reissuing.</summary>
    public sealed record Saved(IReadOnlyList<PersonChange> Changes, bool PrintedNameChanged, bool Merged) : PersonCorrection;
    public sealed record Invalid(IReadOnlyList<PersonProblem> Problems) : PersonCorrection;
    /// <summary>Someone saved this person after the form was opened: nothing saved; these fields differ now.</summary>
    public sealed record Conflict(IReadOnlyList<string> Fields, string? ChangedBy) : PersonCorrection;
    /// <summary>The corrected details are those of another person on record: nothing saved; a merge is offered.</summary>
    public sealed record Duplicate(Person Other, bool MayMerge) : PersonCorrection;
    public sealed record NotFound : PersonCorrection;
}

/// <summary>How staff answered the duplicate question.</summary>
public enum DuplicateAnswer { NotAsked, DifferentPeople, SamePerson }

/// <summary>
/// Staff correct a person's details. The correction is refused when someone else saved the person since the form was
/// opened (no lost update), and when the new details are another person's on record until staff say whether they are
/// the same person (then the other record is merged into this one) or not. Audited with before and after; mail not
/// yet sent goes to the corrected address. Reminders, notices and call lists read the person when they are made, so
/// they carry the corrected details from now on.
/// </summary>
public class PersonCorrections(TrainingDbContext db, UnitOfWork unitOfWork, PersonalData personalData, PersonMerger merger, Time.SiteClock clock)
{
    public const string RemovedEmailNote = "メールアドレスが消されたため、送りませんでした。";

    /// <param name="original">The details as the form showed them when it was opened.</param>
    /// <param name="version">The person's <see cref="Person.UpdatedAt"/> when the form was opened.</param>
    /// <param name="areaChoices">The districts the person may be put in by this staff member.</param>
    /// <param name="areaIds">The areas the staff member may work in (empty: all): other people are looked for only there.</param>
    /// <param name="mayMergeAcrossAreas">Administrators may merge records of different districts.</param>
    public Task<PersonCorrection> CorrectAsync(int personId, PersonInput input, PersonInput original, DateTime version, Actor actor,
        DuplicateAnswer answer, IReadOnlyCollection<int> areaChoices, IReadOnlyCollection<int> areaIds, bool mayMergeAcrossAreas,
        CancellationToken cancellationToken = default)
    {
        var currentYear = clock.Today.Year;
        var problems = input.Problems(PersonRules.Staff, currentYear, areaChoices).ToList();
        if (problems.Count > 0) return Task.FromResult<PersonCorrection>(new PersonCorrection.Invalid(problems));

        return unitOfWork.RunAsync<PersonCorrection>(async ct =>
        {
            await unitOfWork.LockAsync(LockScope.Person, personId, ct);
            var person = await db.People.FirstOrDefaultAsync(p => p.Id == personId && p.AnonymisedAt == null, ct);
            if (person is null) return new PersonCorrection.NotFound();
            if (person.UpdatedAt != version)
            {
                var by = await db.AuditEntries.AsNoTracking().Where(a => a.PersonId == personId && a.Action == AuditAction.PersonEdit.Code)
                    .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Select(a => a.StaffUserName).FirstOrDefaultAsync(ct);
                return new PersonCorrection.Conflict(PersonInput.DifferingFields(original, PersonInput.From(person)), by);
            }

            var oldEmail = person.Email;
            var changes = person.Correct(input.ToDetails(currentYear), input.Sex, input.Notes);
            if (changes.Count == 0) return new PersonCorrection.Saved(changes, false, false);
            person.RefreshKeys();

            Person? other = null;
            if (answer != DuplicateAnswer.DifferentPeople)
            {
                other = await SameDetailsAsync(person, areaIds, ct);
                if (other is not null && answer == DuplicateAnswer.NotAsked)
                    return new PersonCorrection.Duplicate(other, mayMergeAcrossAreas || other.AreaId == person.AreaId);
                if (other is not null && !(mayMergeAcrossAreas || other.AreaId == person.AreaId))
                    return new PersonCorrection.Duplicate(other, false);
            }

            await personalData.AuditAsync(actor, AuditAction.PersonEdit, personId, Describe(changes), ct);
            if (!string.Equals(oldEmail, person.Email, StringComparison.OrdinalIgnoreCase)) await ReaddressMailAsync(personId, person.Email, ct);
            await db.SaveChangesAsync(ct);
            if (other is not null && answer == DuplicateAnswer.SamePerson)
            {
                await merger.MergeAsync(personId, other.Id, actor, ct);
            }
            return new PersonCorrection.Saved(changes, Person.ChangesPrintedName(changes), other is not null && answer == DuplicateAnswer.SamePerson);
        }, outcome => outcome is PersonCorrection.Saved, cancellationToken);
    }

    /// <summary>Another person on record with the same name and furigana and the same email or phone: the rule by which
    /// staff forms find a person (<see cref="PeopleDirectory.FindOrAddAsync"/>).</summary>
    private Task<Person?> SameDetailsAsync(Person person, IReadOnlyCollection<int> areaIds, CancellationToken cancellationToken)
    {
        var email = person.Email?.ToLower();
        var restricted = areaIds.Count > 0;
        return db.People.AsNoTracking()
            .Where(p => p.Id != person.Id && p.AnonymisedAt == null && p.SearchKey == person.SearchKey)
            .Where(p => !restricted || (p.AreaId != null && areaIds.Contains(p.AreaId.Value)))
            .Where(p => (email != null && p.Email != null && p.Email.ToLower() == email) || (person.PhoneDigits != null && p.PhoneDigits == person.PhoneDigits))
            .OrderBy(p => p.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Mail waiting to be sent goes to the corrected address, or is not sent when the address was removed.</summary>
    private async Task ReaddressMailAsync(int personId, string? email, CancellationToken cancellationToken)
    {
        var waiting = await db.OutboundEmails.Where(e => e.PersonId == personId && (e.Status == EmailStatus.Pending || e.Status == EmailStatus.Preparing) && e.ClaimToken == null).ToListAsync(cancellationToken);
        foreach (var mail in waiting)
        {
            if (email is null)
            {
                mail.Status = EmailStatus.Cancelled;
                mail.LastError = RemovedEmailNote;
            }
            else mail.ToAddress = email;
        }
    }

    /// <summary>The audit's words: each field with its value before and after (long notes shortened; the log cuts the whole).</summary>
    public static string Describe(IEnumerable<PersonChange> changes)
    {
        static string Short(string? value) => value is null or "" ? "—" : value.Length > 80 ? value[..80] + "…" : value;
        return string.Join("; ", changes.Select(c => $"{c.Field}: {Short(c.Before)} → {Short(c.After)}"));
    }
}
