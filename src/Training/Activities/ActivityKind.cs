using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Organisations;
using Training.Text;

namespace Training.Activities;

/// <summary>A kind of local activity (サロン, 居場所, 見守り…), a list administrators keep; a retired kind leaves the choices and stays on records.</summary>
public class ActivityKind
{
    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The name on English pages and PDFs (e.g. Salon); null: the Japanese name is shown there too.</summary>
    public string? NameEn { get; private set; }
    public int SortOrder { get; private set; }
    public bool IsActive { get; private set; } = true;

    public const int NameMaxLength = 50;

    /// <summary>The kinds a fresh database starts with (the migration inserts them once).</summary>
    public static readonly IReadOnlyList<string> Defaults = ["サロン", "居場所", "見守り", "買い物支援", "通いの場", "ゴミ出し", "通院付き添い"];

    /// <summary>The English names the migration gives the defaults, in the same order.</summary>
    public static readonly IReadOnlyList<string> DefaultEnglishNames =
        ["Salon", "Drop-in space (ibasho)", "Watching over neighbours", "Shopping help", "Community gathering place", "Rubbish-day help", "Escort to hospital visits"];

    public static class Messages
    {
        public const string NameInvalid = "種類の名前を50文字以内で入力してください。";
        public const string NameTaken = "同じ名前の種類がすでにあります。";
        public const string OrderInvalid = "並び順は0から999の数字で入力してください。";
        public const string NameEnInvalid = "英語の名前は50文字以内で、英語の文字で入力してください（空欄なら英語のページにも日本語の名前が出ます）。";
    }

    /// <param name="nameEn">The English name; blank: none (English pages show the Japanese).</param>
    public static IEnumerable<SettingProblem> Problems(string? name, int sortOrder, string? nameEn = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength || NameText.Problem(name) is not null)
            yield return new(nameof(Name), Messages.NameInvalid);
        if (!string.IsNullOrWhiteSpace(nameEn) && (nameEn.Trim().Length > NameMaxLength || PrintableText.Problem(nameEn) is not null || nameEn.Any(c => c > '\u024F' && c is not (>= '\u2000' and <= '\u206F'))))
            yield return new(nameof(NameEn), Messages.NameEnInvalid);
        if (sortOrder is < 0 or > 999) yield return new(nameof(SortOrder), Messages.OrderInvalid);
    }

    public static ActivityKind Create(string name, int sortOrder, string? nameEn = null)
    {
        if (Problems(name, sortOrder, nameEn).FirstOrDefault() is { } problem) throw new ArgumentException(problem.Message, problem.Field);
        return new ActivityKind { Name = name.Trim(), SortOrder = sortOrder, NameEn = Blank(nameEn) };
    }

    public void Change(string name, int sortOrder, string? nameEn = null)
    {
        if (Problems(name, sortOrder, nameEn).FirstOrDefault() is { } problem) throw new ArgumentException(problem.Message, problem.Field);
        Name = name.Trim();
        SortOrder = sortOrder;
        NameEn = Blank(nameEn);
    }

    /// <summary>The name in a page's language: the English one where there is one, else the Japanese.</summary>
    public string NameIn(bool english) => NameFor(Name, NameEn, english);

    /// <summary>The same for a query's projection of both names.</summary>
    public static string NameFor(string name, string? nameEn, bool english) => english && !string.IsNullOrWhiteSpace(nameEn) ? nameEn : name;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Retires the kind (gone from the choices, kept on the activities that have it), or brings it back.</summary>
    public void SetActive(bool active) => IsActive = active;
}

public class ActivityKindConfiguration : IEntityTypeConfiguration<ActivityKind>
{
    public void Configure(EntityTypeBuilder<ActivityKind> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(ActivityKind.NameMaxLength);
        builder.Property(k => k.NameEn).HasMaxLength(ActivityKind.NameMaxLength);
        builder.HasIndex(k => k.Name).IsUnique();
    }
}
