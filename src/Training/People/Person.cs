using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Organisations;
using Training.Text;

namespace Training.People;

/// <summary>A resident who takes part in courses. Residents have no account.</summary>
public class Person
{
    public int Id { get; set; }

    // Stored exactly as written, including characters outside the BMP (𠮷) and variants (髙, 﨑).
    public required string FamilyName { get; set; }
    public string GivenName { get; set; } = "";
    public required string FamilyNameKana { get; set; }
    public string GivenNameKana { get; set; } = "";

    /// <summary>Folded name and furigana, for search and duplicate detection only.</summary>
    public string SearchKey { get; private set; } = "";
    /// <summary>Furigana as hiragana, family then given name (<see cref="NameFolding.PersonSortKey"/>): every list of people
    /// is ordered by it, compared by code point.</summary>
    public string KanaSortKey { get; private set; } = "";

    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>Digits only, for matching phone numbers typed in different ways.</summary>
    public string? PhoneDigits { get; private set; }

    public int? AreaId { get; set; }
    public Area? Area { get; set; }
    public int? BirthYear { get; set; }
    public Sex Sex { get; set; } = Sex.NotRecorded;
    public string PreferredLanguage { get; set; } = "ja";
    public string? Notes { get; set; }

    /// <summary>Secret for the resident's self-service and calendar links; never shown to staff.</summary>
    public string AccessToken { get; set; } = Tokens.New();

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>
    /// How the record was first made; null for records older than this field. A record the public form made proves
    /// nothing about who typed it, so wherever it is offered as a duplicate it is marked as such.
    /// </summary>
    public ContactChannel? CreatedVia { get; set; }
    public bool CameFromPublicForm => CreatedVia is ContactChannel.Web or ContactChannel.Api;
    /// <summary>Set when personal data was removed; statistics and ledger serials stay.</summary>
    public DateTime? AnonymisedAt { get; set; }

    public List<Consent> Consents { get; set; } = [];
    /// <summary>The import that added this person, while it may still be taken back; see <see cref="ImportBatch"/>.</summary>
    public int? ImportBatchId { get; set; }

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

    /// <summary>Whether these changes alter the name as certificates print it.</summary>
    public static bool ChangesPrintedName(IEnumerable<PersonChange> changes) =>
        changes.Any(c => c.Field is nameof(FamilyName) or nameof(GivenName));

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
        builder.HasOne(p => p.Area).WithMany().HasForeignKey(p => p.AreaId).OnDelete(DeleteBehavior.Restrict);
    }
}
