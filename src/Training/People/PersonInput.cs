using System.Net.Mail;
using Training.Text;
using Training.Time;

namespace Training.People;

/// <summary>A problem with one field of a person's details: the field's property name and a message for people.</summary>
public sealed record PersonProblem(string Field, string Message);

/// <summary>
/// What a door asks of a person's details. A resident filling in a form gives their whole name and a way to reach
/// them; a coordinator on the phone or at the door may only have a family name and its reading.
/// </summary>
public sealed record PersonRules(bool GivenNameRequired, bool ContactRequired)
{
    public static readonly PersonRules Resident = new(GivenNameRequired: true, ContactRequired: true);
    public static readonly PersonRules Staff = new(GivenNameRequired: false, ContactRequired: false);
}

/// <summary>
/// A person's details as typed — on the public form, the staff phone, paper and walk-in forms, through the API or in
/// a row of an imported ledger — with their validation, once. Birth years come as people write them (1950, 昭和25年,
/// S25); names are checked, never changed (<see cref="NameText"/>).
/// </summary>
public class PersonInput
{
    public const int NameMaxLength = 50;
    public const int KanaMaxLength = 100;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 30;
    public const int BirthYearMaxLength = 20;
    public const int NotesMaxLength = 2000;

    // Nullable so that an empty field is this model's problem to report, in its own words, not MVC's implicit "required".
    public string? FamilyName { get; set; }
    public string? GivenName { get; set; }
    public string? FamilyNameKana { get; set; }
    public string? GivenNameKana { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public int? AreaId { get; set; }
    /// <summary>As typed: 1950, 昭和25年, S25 (<see cref="JapaneseDates.TryParseYear"/>).</summary>
    public string? BirthYear { get; set; }
    /// <summary>Asked by staff only; null leaves what is on record.</summary>
    public Sex? Sex { get; set; }
    /// <summary>Staff's notes about the person (never shown to the resident's public pages); null leaves what is on record.</summary>
    public string? Notes { get; set; }

    /// <summary>The messages, in Japanese; every one has its English in the site's resources.</summary>
    public static class Messages
    {
        public const string FamilyNameMissing = "姓（名字）を入力してください。";
        public const string GivenNameMissing = "名（名前）を入力してください。";
        public const string FamilyKanaMissing = "せい（ふりがな）を入力してください。";
        public const string GivenKanaMissing = "めい（ふりがな）を入力してください。";
        public const string NameTooLong = "50文字以内で入力してください。";
        public const string KanaTooLong = "100文字以内で入力してください。";
        public const string NotKana = "ふりがなは、ひらがなかカタカナで入力してください。";
        public const string EmailInvalid = "メールアドレスの形式が正しくありません。";
        public const string EmailDomainWithoutDot = "メールアドレスの@のあとに「.」がありません（例：example.jp）。打ち間違いがないか確かめてください。";
        public const string EmailTooLong = "メールアドレスが長すぎます。";
        public const string PhoneTooLong = "電話番号が長すぎます。";
        public const string PhoneInvalid = "電話番号は市外局番から入力してください（例：0551-22-1111）。";
        public const string ContactMissing = "メールアドレスか電話番号のどちらかを入力してください。";
        public const string AreaUnknown = "地区を選び直してください。";
        public const string BirthYear = JapaneseDates.YearMessage;
        public const string NotesTooLong = "メモは2000文字以内で入力してください。";
        public const string SexUnknown = "性別を選び直してください。";

        public static IEnumerable<string> All => typeof(Messages).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
    }

    /// <summary>Every problem with these details, by field; none means they may be recorded.</summary>
    /// <param name="currentYear">The year it is now where the site is: a birth year after it is a typing mistake.</param>
    /// <param name="areaIds">The areas one may choose; null when the caller checks the area itself.</param>
    public IEnumerable<PersonProblem> Problems(PersonRules rules, int currentYear, IReadOnlyCollection<int>? areaIds = null)
    {
        if (string.IsNullOrWhiteSpace(FamilyName)) yield return new(nameof(FamilyName), Messages.FamilyNameMissing);
        else if (FamilyName!.Trim().Length > NameMaxLength) yield return new(nameof(FamilyName), Messages.NameTooLong);
        if (rules.GivenNameRequired && string.IsNullOrWhiteSpace(GivenName)) yield return new(nameof(GivenName), Messages.GivenNameMissing);
        else if (GivenName?.Trim().Length > NameMaxLength) yield return new(nameof(GivenName), Messages.NameTooLong);
        if (string.IsNullOrWhiteSpace(FamilyNameKana)) yield return new(nameof(FamilyNameKana), Messages.FamilyKanaMissing);
        else if (FamilyNameKana!.Trim().Length > KanaMaxLength) yield return new(nameof(FamilyNameKana), Messages.KanaTooLong);
        else if (!NameFolding.IsKana(FamilyNameKana!)) yield return new(nameof(FamilyNameKana), Messages.NotKana);
        if (rules.GivenNameRequired && string.IsNullOrWhiteSpace(GivenNameKana)) yield return new(nameof(GivenNameKana), Messages.GivenKanaMissing);
        else if (GivenNameKana?.Trim().Length > KanaMaxLength) yield return new(nameof(GivenNameKana), Messages.KanaTooLong);
        else if (!string.IsNullOrWhiteSpace(GivenNameKana) && !NameFolding.IsKana(GivenNameKana!)) yield return new(nameof(GivenNameKana), Messages.NotKana);
        foreach (var (field, message) in NameText.Problems(FamilyName, GivenName, FamilyNameKana, GivenNameKana))
            yield return new(field, message);

        if (NormalisedEmail is { } email)
        {
            if (email.Length > EmailMaxLength) yield return new(nameof(Email), Messages.EmailTooLong);
            else if (!IsEmail(email)) yield return new(nameof(Email), Messages.EmailInvalid);
            // "name@gmail" is accepted by the mail standard, never by a real mailbox a resident has: a typo, said plainly.
            else if (!email[(email.LastIndexOf('@') + 1)..].Contains('.')) yield return new(nameof(Email), Messages.EmailDomainWithoutDot);
        }
        if (!string.IsNullOrWhiteSpace(Phone))
        {
            if (Phone.Length > PhoneMaxLength) yield return new(nameof(Phone), Messages.PhoneTooLong);
            else if (!PhoneNumbers.IsComplete(Phone)) yield return new(nameof(Phone), Messages.PhoneInvalid);
        }
        if (rules.ContactRequired && NormalisedEmail is null && string.IsNullOrWhiteSpace(Phone))
            yield return new(nameof(Phone), Messages.ContactMissing);
        if (AreaId is { } area && areaIds is not null && !areaIds.Contains(area)) yield return new(nameof(AreaId), Messages.AreaUnknown);
        if (!string.IsNullOrWhiteSpace(BirthYear) && (BirthYear.Length > BirthYearMaxLength || BirthYearValue(currentYear) is null))
            yield return new(nameof(BirthYear), Messages.BirthYear);
        if (Notes?.Length > NotesMaxLength) yield return new(nameof(Notes), Messages.NotesTooLong);
        if (Sex is { } sex && !Enum.IsDefined(sex)) yield return new(nameof(Sex), Messages.SexUnknown);
    }

    /// <summary>
    /// A person's correctable fields, once (<see cref="InputField{TInput}"/>): what a correction compares when someone
    /// else saved the person meanwhile, what the correction form carries back as it was opened, and how the audit and
    /// the messages name each field. A new field is added here, on <see cref="Person.Correct"/> and in the one partial
    /// that shows it (<c>Pages/Shared/_PersonFields.cshtml</c>).
    /// </summary>
    public static readonly IReadOnlyList<InputField<PersonInput>> Fields =
    [
        new(nameof(FamilyName), "姓", i => i.FamilyName),
        new(nameof(GivenName), "名", i => i.GivenName),
        new(nameof(FamilyNameKana), "せい（ふりがな）", i => i.FamilyNameKana),
        new(nameof(GivenNameKana), "めい（ふりがな）", i => i.GivenNameKana),
        new(nameof(Email), "メールアドレス", i => i.Email),
        new(nameof(Phone), "電話番号", i => i.Phone),
        new(nameof(AreaId), "地区", i => i.AreaId?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(nameof(BirthYear), "生まれた年", i => i.BirthYear),
        // Not recorded and not asked are the same: no sex on record.
        new(nameof(Sex), "性別", i => i.Sex is null or People.Sex.NotRecorded ? null : i.Sex.ToString()),
        new(nameof(Notes), "メモ", i => i.Notes),
    ];

    /// <summary>Each field's name for people (Japanese; the site's resources hold the English).</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldLabels = InputFields.Labels(Fields);

    /// <summary>The fields in which two versions of a person's details differ (what someone else changed meanwhile).</summary>
    public static IReadOnlyList<string> DifferingFields(PersonInput a, PersonInput b) => InputFields.Differing(Fields, a, b);

    /// <summary>The form's fields filled from a stored person, for correcting them.</summary>
    public static PersonInput From(Person person) => new()
    {
        FamilyName = person.FamilyName, GivenName = person.GivenName, FamilyNameKana = person.FamilyNameKana, GivenNameKana = person.GivenNameKana,
        Email = person.Email, Phone = person.Phone, AreaId = person.AreaId, BirthYear = person.BirthYear?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Sex = person.Sex, Notes = person.Notes,
    };

    /// <summary>
    /// The email as a mail server needs it: typed on a Japanese keyboard it may come in full width (ｈａｎａｋｏ＠…) or
    /// with spaces; NFKC makes it ASCII and spaces are dropped. Null when nothing was typed.
    /// </summary>
    public string? NormalisedEmail => string.IsNullOrWhiteSpace(Email) ? null
        : string.Concat(Email.Normalize(System.Text.NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c)));

    /// <summary>The birth year as a number, or null when none (or none that exists) was typed.</summary>
    public int? BirthYearValue(int currentYear) => JapaneseDates.TryParseYear(BirthYear, currentYear, out var year) ? year : null;

    /// <summary>The details to find or record the person by; call after <see cref="Problems"/> found none.</summary>
    public PersonDetails ToDetails(int currentYear, string language = "ja", string? consentWording = null) =>
        new(FamilyName ?? "", GivenName ?? "", FamilyNameKana ?? "", GivenNameKana ?? "", NormalisedEmail,
            string.IsNullOrWhiteSpace(Phone) ? null : Phone, AreaId, BirthYearValue(currentYear), language, consentWording);

    // One mailbox and nothing else: no display name, no list.
    private static bool IsEmail(string text) => MailAddress.TryCreate(text, out var address) && address.Address == text;
}
