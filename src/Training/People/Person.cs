using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Organisations;
using Training.Text;

namespace Training.People;

/// <summary>A resident who takes part in courses. Residents have no account.</summary>
public class Person
{
    /// <summary>For EF Core; a person is made by <see cref="Create"/>.</summary>
    private Person() { }

    /// <summary>
    /// A new resident's record, with the details exactly as the caller gives them (each door normalises what it takes in:
    /// furigana, phone). The derived keys are computed at once, so the new record can be compared before it is saved.
    /// </summary>
    public static Person Create(string familyName, string givenName, string familyNameKana, string givenNameKana,
        string? email = null, string? phone = null, int? areaId = null, Area? area = null, int? birthYear = null, Sex sex = Sex.NotRecorded,
        string language = "ja", ContactChannel? createdVia = null, int? importBatchId = null, DateTime createdAt = default, string? notes = null)
    {
        var person = new Person
        {
            FamilyName = familyName, GivenName = givenName, FamilyNameKana = familyNameKana, GivenNameKana = givenNameKana,
            Email = email, Phone = phone, AreaId = area?.Id is > 0 ? area.Id : areaId, Area = area, BirthYear = birthYear, Sex = sex,
            PreferredLanguage = language, CreatedVia = createdVia, ImportBatchId = importBatchId, CreatedAt = createdAt, Notes = notes,
        };
        person.RefreshKeys();
        return person;
    }

    public int Id { get; private set; }

    // Stored exactly as written, including characters outside the BMP (𠮷) and variants (髙, 﨑).
    public string FamilyName { get; private set; } = "";
    public string GivenName { get; private set; } = "";
    public string FamilyNameKana { get; private set; } = "";
    public string GivenNameKana { get; private set; } = "";

    /// <summary>Folded name and furigana, for search and duplicate detection only.</summary>
    public string SearchKey { get; private set; } = "";
    /// <summary>Furigana as hiragana, family then given name (<see cref="NameFolding.PersonSortKey"/>): every list of people
    /// is ordered by it, compared by code point.</summary>
    public string KanaSortKey { get; private set; } = "";

    public string? Email { get; private set; }
    public string? Phone { get; private set; }
    /// <summary>Digits only, for matching phone numbers typed in different ways.</summary>
    public string? PhoneDigits { get; private set; }

    public int? AreaId { get; private set; }
    public Area? Area { get; private set; }
    public int? BirthYear { get; private set; }
    public Sex Sex { get; private set; } = Sex.NotRecorded;
    public string PreferredLanguage { get; private set; } = "ja";
    public string? Notes { get; private set; }

    /// <summary>Secret for the resident's self-service and calendar links; never shown to staff.</summary>
    public string AccessToken { get; private set; } = Tokens.New();

    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    /// <summary>
    /// How the record was first made; null for records older than this field. A record the public form made proves
    /// nothing about who typed it, so wherever it is offered as a duplicate it is marked as such.
    /// </summary>
    public ContactChannel? CreatedVia { get; private set; }
    public bool CameFromPublicForm => CreatedVia is ContactChannel.Web or ContactChannel.Api;
    /// <summary>Set when personal data was removed; statistics and ledger serials stay.</summary>
    public DateTime? AnonymisedAt { get; private set; }

    public List<Consent> Consents { get; private set; } = [];
    /// <summary>The import that added this person, while it may still be taken back; see <see cref="ImportBatch"/>.</summary>
    public int? ImportBatchId { get; private set; }

    public string FullName => string.IsNullOrEmpty(GivenName) ? FamilyName : $"{FamilyName} {GivenName}";
    /// <summary><see cref="FullName"/> as a query reads it, so a name is fetched without loading the whole person.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Person, string>> FullNameInQuery =
        p => p.GivenName == "" ? p.FamilyName : p.FamilyName + " " + p.GivenName;
    public string FullNameKana => string.IsNullOrEmpty(GivenNameKana) ? FamilyNameKana : $"{FamilyNameKana} {GivenNameKana}";
    public bool HasEmail => !string.IsNullOrWhiteSpace(Email);

    /// <summary>
    /// Whether a public submission describes this person: the name and furigana exactly as on record (furigana after the
    /// same normalisation both went through) and a contact that is already on record. The folded search key only
    /// suggests a duplicate to staff; it never decides identity.
    /// </summary>
    public bool IsSamePersonAs(Person submitted) =>
        AnonymisedAt is null &&
        string.Equals(FamilyName, submitted.FamilyName, StringComparison.Ordinal) &&
        string.Equals(GivenName, submitted.GivenName, StringComparison.Ordinal) &&
        string.Equals(FamilyNameKana, submitted.FamilyNameKana, StringComparison.Ordinal) &&
        string.Equals(GivenNameKana, submitted.GivenNameKana, StringComparison.Ordinal) &&
        ((HasEmail && submitted.HasEmail && string.Equals(Email!.Trim(), submitted.Email!.Trim(), StringComparison.OrdinalIgnoreCase)) ||
         (PhoneDigits is not null && PhoneDigits == submitted.PhoneDigits));

    /// <summary>
    /// Corrects the details staff typed again (a misspelt name, a new phone, a move to another district). Names are kept
    /// exactly as typed; returns each field that changed with its old and new value, for the audit and the notices.
    /// </summary>
    public IReadOnlyList<PersonChange> Correct(PersonDetails details, Sex? sex, string? notes)
    {
        var changes = new List<PersonChange>();
        void Set(string field, string? before, string? after, Action apply)
        {
            if (string.Equals(before ?? "", after ?? "", StringComparison.Ordinal)) return;
            changes.Add(new(field, before, after));
            apply();
        }
        Set(nameof(FamilyName), FamilyName, details.FamilyName.Trim(), () => FamilyName = details.FamilyName.Trim());
        Set(nameof(GivenName), GivenName, details.GivenName.Trim(), () => GivenName = details.GivenName.Trim());
        Set(nameof(FamilyNameKana), FamilyNameKana, details.FamilyNameKana.Trim(), () => FamilyNameKana = details.FamilyNameKana.Trim());
        Set(nameof(GivenNameKana), GivenNameKana, details.GivenNameKana.Trim(), () => GivenNameKana = details.GivenNameKana.Trim());
        Set(nameof(Email), Email, details.Email, () => Email = details.Email);
        Set(nameof(Phone), Phone, details.Phone?.Trim(), () => Phone = details.Phone?.Trim());
        Set(nameof(AreaId), AreaId?.ToString(System.Globalization.CultureInfo.InvariantCulture), details.AreaId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            () => AreaId = details.AreaId);
        Set(nameof(BirthYear), BirthYear?.ToString(System.Globalization.CultureInfo.InvariantCulture), details.BirthYear?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            () => BirthYear = details.BirthYear);
        if (sex is { } newSex) Set(nameof(Sex), Sex.ToString(), newSex.ToString(), () => Sex = newSex);
        if (notes is not null)
        {
            var trimmed = notes.Trim() is { Length: > 0 } text ? text : null;
            Set(nameof(Notes), Notes, trimmed, () => Notes = trimmed);
        }
        return changes;
    }

    /// <summary>The details as on record now, as a form would give them: a correction starts from them.</summary>
    public PersonDetails Details => new(FamilyName, GivenName, FamilyNameKana, GivenNameKana, Email, Phone, AreaId, BirthYear, PreferredLanguage);

    /// <summary>The language mail and the resident's page use for them: Japanese unless English was chosen.</summary>
    public void PreferLanguage(string language) => PreferredLanguage = language is "en" ? "en" : "ja";

    /// <summary>Whether these changes alter the name as certificates print it.</summary>
    public static bool ChangesPrintedName(IEnumerable<PersonChange> changes) =>
        changes.Any(c => c.Field is nameof(FamilyName) or nameof(GivenName));

    /// <summary>
    /// Staff speaking with the person filled in what the record lacked (an email, a phone, a district, a birth year);
    /// nothing recorded before is overwritten.
    /// </summary>
    public void FillGaps(string? email, string? phone, int? areaId, int? birthYear)
    {
        Email ??= email;
        Phone ??= phone;
        AreaId ??= areaId;
        BirthYear ??= birthYear;
    }

    /// <summary>A record merged into this one leaves what this one lacked of the details that are no contact (district,
    /// birth year, sex); contacts are never copied (see <see cref="ContactChangeRequest.LeftByMerge"/>).</summary>
    public void TakeGapsFrom(Person mergedAway)
    {
        AreaId ??= mergedAway.AreaId;
        BirthYear ??= mergedAway.BirthYear;
        if (Sex == Sex.NotRecorded) Sex = mergedAway.Sex;
    }

    /// <summary>Staff confirmed with the person a contact offered for them: it replaces the one on record.</summary>
    public void ChangeContact(string? email, string? phone, DateTime now)
    {
        if (email is not null) Email = email;
        if (phone is not null) Phone = phone;
        RefreshKeys();
        UpdatedAt = now;
    }

    /// <summary>A consent given or withdrawn, with the wording the person was shown or read.</summary>
    public Consent RecordConsent(ConsentPurpose purpose, bool granted, string wording, DateTime now, ContactChannel channel, string? staffId)
    {
        var consent = Consent.Record(Id, purpose, granted, wording, now, channel, staffId);
        Consents.Add(consent);
        return consent;
    }

    /// <summary>Placeholder names of a deleted person: the record stays for statistics, nothing that names or reaches them.</summary>
    public const string AnonymousName = "（削除済み）";
    public const string AnonymousKana = "さくじょずみ";

    /// <summary>
    /// Deletion on request: names, contacts, notes and the wording of consents go, and the old link to the person's page
    /// stops working; birth year, sex and district stay for the statistics. Once only.
    /// </summary>
    /// <returns>False when the person was already anonymised.</returns>
    public bool Anonymise(DateTime now)
    {
        if (AnonymisedAt is not null) return false;
        FamilyName = AnonymousName;
        GivenName = "";
        FamilyNameKana = AnonymousKana;
        GivenNameKana = "";
        Email = null;
        Phone = null;
        Notes = null;
        AccessToken = Tokens.New();
        AnonymisedAt = now;
        foreach (var consent in Consents) consent.ForgetWording();
        return true;
    }

    /// <summary>The save stamps: when the record was first saved (unless given at creation) and last changed.</summary>
    public void StampSaved(DateTime now, bool added, bool changed)
    {
        if (added && CreatedAt == default) CreatedAt = now;
        if (changed) UpdatedAt = now;
    }

    public static readonly IReadOnlySet<string> DerivedKeys = new HashSet<string> { nameof(SearchKey), nameof(KanaSortKey), nameof(PhoneDigits) };

    /// <summary>Recomputes the derived keys; called before every save.</summary>
    public void RefreshKeys()
    {
        SearchKey = NameFolding.SearchKey($"{FamilyName}{GivenName}") + "|" + NameFolding.SearchKey($"{FamilyNameKana}{GivenNameKana}");
        KanaSortKey = NameFolding.PersonSortKey(FamilyNameKana, GivenNameKana);
        PhoneDigits = PhoneNumbers.Digits(Phone);
    }
}

/// <summary>One field of a person as it was and as it is after a correction.</summary>
public sealed record PersonChange(string Field, string? Before, string? After);

public enum Sex { NotRecorded, Female, Male, Other }

public class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.Property(p => p.FamilyName).HasMaxLength(100);
        builder.Property(p => p.GivenName).HasMaxLength(100);
        builder.Property(p => p.FamilyNameKana).HasMaxLength(200);
        builder.Property(p => p.GivenNameKana).HasMaxLength(200);
        builder.Property(p => p.SearchKey).HasMaxLength(700);
        builder.Property(p => p.KanaSortKey).HasMaxLength(400);
        builder.Property(p => p.Email).HasMaxLength(320);
        builder.Property(p => p.Phone).HasMaxLength(40);
        builder.Property(p => p.PhoneDigits).HasMaxLength(40);
        builder.Property(p => p.Sex).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.CreatedVia).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.PreferredLanguage).HasMaxLength(8);
        builder.Property(p => p.Notes).HasMaxLength(2000);
        builder.Property(p => p.AccessToken).HasMaxLength(64);
        builder.HasIndex(p => p.AccessToken).IsUnique();
        builder.HasIndex(p => p.KanaSortKey);
        builder.HasIndex(p => p.SearchKey);
        builder.HasIndex(p => p.PhoneDigits);
        builder.HasIndex(p => p.Email);
        builder.HasIndex(p => p.ImportBatchId);
        // Matching and the staff reach look up thousands of people by id for whether they are anonymised and where they
        // live: answered from this narrow index alone, not from the wide rows (benchmarks/README.md, issue 27).
        builder.HasIndex(p => new { p.Id, p.AnonymisedAt, p.AreaId });
        builder.HasOne(p => p.Area).WithMany().HasForeignKey(p => p.AreaId).OnDelete(DeleteBehavior.Restrict);
    }
}
