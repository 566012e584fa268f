using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Notifications.Channels;
using Training.Text;

namespace Training.People;

/// <summary>A resident's details as entered on a form, by themselves or by a coordinator.</summary>
public sealed record PersonDetails(
    string FamilyName,
    string GivenName,
    string FamilyNameKana,
    string GivenNameKana,
    string? Email,
    string? Phone,
    int? AreaId,
    int? BirthYear,
    string Language = "ja",
    string? ContactConsentWording = null,
    NoticeChannel? Notices = null);

/// <summary>Finds the person a form describes, or records a new one; and spots likely duplicates for staff.</summary>
public class PeopleDirectory(TrainingDbContext db, UnitOfWork unitOfWork, TimeProvider time)
{
    /// <summary>
    /// The same name and furigana with the same email or phone is taken to be the same person (a resident signing
    /// up for a second course, or a double submit). Anything less is a new person that staff may merge later.
    /// </summary>
    // One writer at a time, so a double submit finds the person the first request just created.
    public Task<Person> FindOrCreateAsync(PersonDetails details, ContactChannel channel, string? staffId, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct => (await FindOrAddAsync(details, channel, staffId, ct)).Person, cancellationToken);

    /// <summary>
    /// Finds the person, or adds a new one to the context without saving, for a caller that holds the write gate
    /// and a transaction and saves everything together.
    /// </summary>
    /// <remarks>
    /// Staff (phone, paper, walk-in) know who they are talking to: the folded name with a matching contact finds the
    /// person and fills gaps in the record. A public submission proves nothing — anyone may know a resident's name and
    /// phone — so it finds someone only by the exact name and furigana with a contact already on record, never changes
    /// the record (a new contact waits for staff as a <see cref="ContactChangeRequest"/>), and anything less is a new
    /// person that staff may merge.
    /// </remarks>
    public async Task<(Person Person, bool IsNew)> FindOrAddAsync(PersonDetails details, ContactChannel channel, string? staffId,
        CancellationToken cancellationToken = default)
    {
        // Every door validates names with its own message; this is the last line, for a door that forgot.
        if (NameText.Problems(details.FamilyName, details.GivenName, details.FamilyNameKana, details.GivenNameKana).FirstOrDefault() is { Field: not null } problem)
            throw new ArgumentException($"{problem.Field}: {problem.Message}", nameof(details));
        var candidate = Person.Create(details.FamilyName.Trim(), details.GivenName.Trim(),
            NameFolding.NormaliseFurigana(details.FamilyNameKana), NameFolding.NormaliseFurigana(details.GivenNameKana),
            email: string.IsNullOrWhiteSpace(details.Email) ? null : details.Email.Trim(), phone: PhoneNumbers.Normalise(details.Phone),
            areaId: details.AreaId, birthYear: details.BirthYear, language: details.Language is "en" ? "en" : "ja", createdVia: channel);

        var email = candidate.Email?.ToLowerInvariant();
        var sameKey = await db.People
            .Where(p => p.AnonymisedAt == null && p.SearchKey == candidate.SearchKey)
            .Where(p => (email != null && p.Email != null && p.Email.ToLower() == email) ||
                        (candidate.PhoneDigits != null && p.PhoneDigits == candidate.PhoneDigits))
            .OrderBy(p => p.Id)
            .ToListAsync(cancellationToken);

        if (staffId is null)
        {
            var match = sameKey.FirstOrDefault(p => p.IsSamePersonAs(candidate));
            if (match is not null)
            {
                if (ContactChangeRequest.Offered(match, candidate, channel, time.GetUtcNow().UtcDateTime) is { } offered)
                    await RequestContactChangeAsync(offered, cancellationToken);
                return (match, false);
            }
        }
        else if (sameKey.FirstOrDefault() is { } existing)
        {
            // Staff are speaking with the person: fill gaps only; never overwrite what was recorded before.
            existing.FillGaps(candidate.Email, candidate.Phone, candidate.AreaId, candidate.BirthYear);
            RecordConsent(existing, details, channel, staffId);
            return (existing, false);
        }

        db.People.Add(candidate);
        RecordConsent(candidate, details, channel, staffId);
        // How a new resident asked to be told, recorded before the booking's first notice is routed (same unit of work).
        if (details.Notices is { } notices)
            candidate.RecordConsent(notices.Purpose(), true, NoticeChannels.Wording(notices), time.GetUtcNow().UtcDateTime, channel, staffId);
        return (candidate, true);
    }

    /// <summary>
    /// One offer from the public form waits per person: a newer one replaces the older (which is withdrawn, not
    /// accepted), so repeated submissions cannot pile up offers for staff to wade through. Offers a merge left stay.
    /// </summary>
    private async Task RequestContactChangeAsync(ContactChangeRequest offered, CancellationToken cancellationToken)
    {
        var waiting = await db.ContactChangeRequests.Where(c => c.PersonId == offered.PersonId && c.ResolvedAt == null && c.MergedFromPersonId == null)
            .ToListAsync(cancellationToken);
        // The same offer made twice (a double submit) is one request.
        if (waiting.Any(c => c.Email == offered.Email && c.Phone == offered.Phone)) return;
        foreach (var older in waiting) older.Supersede(offered.SubmittedAt);
        db.ContactChangeRequests.Add(offered);
    }

    /// <summary>
    /// Staff search by name, furigana or phone, in furigana order. Furigana typed from the start of a name is found
    /// through the sorted furigana index (fast at 100,000 people); anything else — a given name alone, kanji, part of a
    /// number — falls back to a scan of the folded search keys, only when the quick way found fewer than asked.
    /// </summary>
    public async Task<List<Person>> SearchAsync(IQueryable<Person> people, string query, int take, CancellationToken cancellationToken = default)
    {
        var found = new List<Person>();
        if (NameFolding.IsKana(query))
        {
            var prefix = NameFolding.KanaSortKey(query);
            var upper = prefix + "\uffff";
            found = await people.Where(p => string.Compare(p.KanaSortKey, prefix) >= 0 && string.Compare(p.KanaSortKey, upper) < 0)
                .OrderBy(p => p.KanaSortKey).ThenBy(p => p.Id).Take(take).ToListAsync(cancellationToken);
            if (found.Count >= take) return found;
        }
        var key = NameFolding.SearchKey(query);
        var digits = PhoneNumbers.Digits(query);
        var more = await people.Where(p => p.SearchKey.Contains(key) || (digits != null && digits.Length >= 4 && p.PhoneDigits != null && p.PhoneDigits.Contains(digits)))
            .OrderBy(p => p.KanaSortKey).ThenBy(p => p.Id).Take(take).ToListAsync(cancellationToken);
        var ids = found.Select(p => p.Id).ToHashSet();
        return found.Concat(more.Where(p => ids.Add(p.Id))).OrderBy(p => p.KanaSortKey, StringComparer.Ordinal).ThenBy(p => p.Id).Take(take).ToList();
    }

    /// <summary>
    /// Staff search as on the phone: a booking number read out (<see cref="Registrations.BookingNumber"/>) finds its
    /// person first, and the same text is also searched as a name, furigana or phone (<see cref="SearchAsync"/>), so a
    /// phone number that happens to read as a booking number still finds the caller. Only <paramref name="people"/>
    /// (those the staff member may see) are ever found.
    /// </summary>
    public async Task<List<Person>> FindAsync(IQueryable<Person> people, string query, int take, CancellationToken cancellationToken = default)
    {
        var found = new List<Person>();
        if (Registrations.BookingNumber.Parse(query) is { } registrationId)
            found = await people.Where(p => db.Registrations.Any(r => r.Id == registrationId && r.PersonId == p.Id)).ToListAsync(cancellationToken);
        var ids = found.Select(p => p.Id).ToHashSet();
        return found.Concat((await SearchAsync(people, query.Trim(), take, cancellationToken)).Where(p => ids.Add(p.Id))).Take(take).ToList();
    }

    /// <param name="areaIds">The areas the staff member asking may see (empty: all); nobody from another area is shown.</param>
    public async Task<List<Person>> PossibleDuplicatesAsync(int personId, IReadOnlyCollection<int> areaIds, CancellationToken cancellationToken = default)
    {
        var person = await db.People.AsNoTracking().FirstAsync(p => p.Id == personId, cancellationToken);
        var email = person.Email?.ToLower();
        var restricted = areaIds.Count > 0;
        return await db.People.AsNoTracking()
            .Where(p => p.Id != personId && p.AnonymisedAt == null)
            .Where(p => !restricted || (p.AreaId != null && areaIds.Contains(p.AreaId.Value)))
            .Where(p => p.SearchKey == person.SearchKey ||
                        (email != null && p.Email != null && p.Email.ToLower() == email) ||
                        (person.PhoneDigits != null && p.PhoneDigits == person.PhoneDigits))
            .OrderBy(p => p.KanaSortKey)
            .ToListAsync(cancellationToken);
    }

    private void RecordConsent(Person person, PersonDetails details, ContactChannel channel, string? staffId)
    {
        if (string.IsNullOrWhiteSpace(details.ContactConsentWording)) return;
        person.RecordConsent(ConsentPurpose.Contact, true, details.ContactConsentWording, time.GetUtcNow().UtcDateTime, channel, staffId);
    }
}
