using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Text;

namespace Training.Organisations;

/// <summary>The city as a whole (第1層) or one of its districts (第2層, 地区).</summary>
public class Area
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string NameKana { get; set; }
    public AreaTier Tier { get; set; } = AreaTier.District;
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;

    public const int NameMaxLength = 100;
    public const int NameKanaMaxLength = 200;

    /// <summary>What is said when a field is wrong (Japanese; the site's resources hold the English).</summary>
    public static class Messages
    {
        public const string NameInvalid = "地区の名前を100文字以内で入力してください。";
        public const string NameKanaInvalid = "ふりがなは、ひらがなかカタカナで入力してください。";
        public const string NameTaken = "同じ名前の地区がすでにあります。";
    }

    /// <summary>Every problem with a district's name and furigana as typed; none: they may be saved.</summary>
    public static IEnumerable<SettingProblem> Problems(string? name, string? nameKana)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength || NameText.Problem(name) is not null)
            yield return new(nameof(Name), Messages.NameInvalid);
        if (string.IsNullOrWhiteSpace(nameKana) || nameKana.Trim().Length > NameKanaMaxLength || !NameFolding.IsKana(nameKana))
            yield return new(nameof(NameKana), Messages.NameKanaInvalid);
    }

    /// <summary>A new district, listed after the others, with a code of its own (never shown, never reused).</summary>
    public static Area District(string name, string nameKana, int sortOrder)
    {
        if (Problems(name, nameKana).FirstOrDefault() is { } problem) throw new ArgumentException(problem.Message, problem.Field);
        return new Area { Code = $"area-{Tokens.ShortCode(8).ToLowerInvariant()}", Name = name.Trim(), NameKana = NameFolding.NormaliseFurigana(nameKana), SortOrder = sortOrder };
    }

    /// <summary>Renames the district; its people, courses and figures stay with it.</summary>
    public void Rename(string name, string nameKana)
    {
        if (Problems(name, nameKana).FirstOrDefault() is { } problem) throw new ArgumentException(problem.Message, problem.Field);
        Name = name.Trim();
        NameKana = NameFolding.NormaliseFurigana(nameKana);
    }

    /// <summary>Retires the district (gone from every form's choices, kept in the records and figures), or brings it back.</summary>
    public void SetActive(bool active) => IsActive = active;
}

public enum AreaTier { CityWide, District }

public class AreaConfiguration : IEntityTypeConfiguration<Area>
{
    public void Configure(EntityTypeBuilder<Area> builder)
    {
        builder.Property(a => a.Code).HasMaxLength(32);
        builder.HasIndex(a => a.Code).IsUnique();
        builder.Property(a => a.Name).HasMaxLength(100);
        builder.Property(a => a.NameKana).HasMaxLength(200);
        builder.Property(a => a.Tier).HasConversion<string>().HasMaxLength(20);
    }
}
