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
    public int SortOrder { get; private set; }
    public bool IsActive { get; private set; } = true;

    public const int NameMaxLength = 50;

    /// <summary>The kinds a fresh database starts with (the migration inserts them once).</summary>
    public static readonly IReadOnlyList<string> Defaults = ["サロン", "居場所", "見守り", "買い物支援", "通いの場", "ゴミ出し", "通院付き添い"];

    public static class Messages
    {
        public const string NameInvalid = "種類の名前を50文字以内で入力してください。";
        public const string NameTaken = "同じ名前の種類がすでにあります。";
        public const string OrderInvalid = "並び順は0から999の数字で入力してください。";
    }

    public static IEnumerable<SettingProblem> Problems(string? name, int sortOrder)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength || NameText.Problem(name) is not null)
            yield return new(nameof(Name), Messages.NameInvalid);
        if (sortOrder is < 0 or > 999) yield return new(nameof(SortOrder), Messages.OrderInvalid);
    }

    public static ActivityKind Create(string name, int sortOrder)
    {
        if (Problems(name, sortOrder).FirstOrDefault() is { } problem) throw new ArgumentException(problem.Message, problem.Field);
        return new ActivityKind { Name = name.Trim(), SortOrder = sortOrder };
    }

    public void Change(string name, int sortOrder)
    {
        if (Problems(name, sortOrder).FirstOrDefault() is { } problem) throw new ArgumentException(problem.Message, problem.Field);
        Name = name.Trim();
        SortOrder = sortOrder;
    }

    /// <summary>Retires the kind (gone from the choices, kept on the activities that have it), or brings it back.</summary>
    public void SetActive(bool active) => IsActive = active;
}

public class ActivityKindConfiguration : IEntityTypeConfiguration<ActivityKind>
{
    public void Configure(EntityTypeBuilder<ActivityKind> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(ActivityKind.NameMaxLength);
        builder.HasIndex(k => k.Name).IsUnique();
    }
}
