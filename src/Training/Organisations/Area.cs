using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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
