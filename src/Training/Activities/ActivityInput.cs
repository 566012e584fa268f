using Training.Text;

namespace Training.Activities;

/// <summary>A local activity's details as a form types them (the one input model; <see cref="LocalActivity.Problems"/> checks it).</summary>
public class ActivityInput
{
    public string? Name { get; set; }
    public string? NameKana { get; set; }
    public int? KindId { get; set; }
    /// <summary>The district; null: city-wide (市全域).</summary>
    public int? AreaId { get; set; }
    public string? Schedule { get; set; }
    public string? Venue { get; set; }
    public string? Address { get; set; }
    public int? OrganisationId { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public bool ListedPublicly { get; set; }
    public int? ProgramId { get; set; }

    public static ActivityInput From(LocalActivity a) => new()
    {
        Name = a.Name, NameKana = a.NameKana, KindId = a.KindId, AreaId = a.AreaId, Schedule = a.Schedule, Venue = a.Venue, Address = a.Address,
        OrganisationId = a.OrganisationId, ContactName = a.ContactName, ContactPhone = a.ContactPhone, ListedPublicly = a.ListedPublicly, ProgramId = a.ProgramId,
    };

    /// <summary>
    /// The activity's editable fields, once (<see cref="InputField{TInput}"/>): what an edit compares when someone else
    /// saved the activity meanwhile, what the edit form carries back as it was opened, and how the audit and the messages
    /// name each field (Japanese; the site's resources hold the English).
    /// </summary>
    public static readonly IReadOnlyList<InputField<ActivityInput>> Fields =
    [
        new(nameof(Name), "活動の名前", i => i.Name), new(nameof(NameKana), "ふりがな", i => i.NameKana), new(nameof(KindId), "種類", i => Number(i.KindId)),
        new(nameof(AreaId), "地区", i => Number(i.AreaId)), new(nameof(Schedule), "いつ（定例の日時）", i => i.Schedule), new(nameof(Venue), "会場", i => i.Venue),
        new(nameof(Address), "住所", i => i.Address), new(nameof(OrganisationId), "主催する団体", i => Number(i.OrganisationId)),
        new(nameof(ContactName), "問い合わせ先（名前）", i => i.ContactName), new(nameof(ContactPhone), "問い合わせ先（電話）", i => i.ContactPhone),
        new(nameof(ListedPublicly), "公開の一覧に載せる", i => i.ListedPublicly ? "true" : "false"), new(nameof(ProgramId), "市の活動（予定）", i => Number(i.ProgramId)),
    ];

    /// <summary>Each field's label, as forms and the audit name it (Japanese; the site's resources hold the English).</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldLabels = InputFields.Labels(Fields);

    /// <summary>The fields in which two versions differ, as people see them (what someone else changed meanwhile).</summary>
    public static IReadOnlyList<string> DifferingFields(ActivityInput a, ActivityInput b) => InputFields.Differing(Fields, a, b);

    private static string? Number(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A need as a form types it.</summary>
public class NeedInput
{
    public int Helpers { get; set; } = 1;
    public Weekdays Days { get; set; }
    public string? Times { get; set; }
    public int? QualificationTypeId { get; set; }
    public string? Note { get; set; }

    public static NeedInput From(ActivityNeed n) => new() { Helpers = n.Helpers, Days = n.Days, Times = n.Times, QualificationTypeId = n.QualificationTypeId, Note = n.Note };
}

/// <summary>Days of the week, any set of them.</summary>
[Flags]
public enum Weekdays
{
    None = 0, Monday = 1, Tuesday = 2, Wednesday = 4, Thursday = 8, Friday = 16, Saturday = 32, Sunday = 64,
}

public static class WeekdayNames
{
    public static readonly IReadOnlyList<(Weekdays Day, string Short)> All =
    [
        (Weekdays.Monday, "月"), (Weekdays.Tuesday, "火"), (Weekdays.Wednesday, "水"), (Weekdays.Thursday, "木"),
        (Weekdays.Friday, "金"), (Weekdays.Saturday, "土"), (Weekdays.Sunday, "日"),
    ];
}
