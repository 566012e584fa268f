using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.Qualifications;

/// <summary>A qualification a program grants, e.g. 生活支援サポーター.</summary>
public class QualificationType
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    /// <summary>Months a qualification stays valid; null means it does not expire.</summary>
    public int? ValidityMonths { get; set; }

    /// <summary>When a qualification granted or renewed at this moment expires; null when it does not.</summary>
    public DateTime? ExpiryFor(DateTime grantedOrRenewedAt) => ValidityMonths is { } months ? grantedOrRenewedAt.AddMonths(months) : null;
}

public class QualificationTypeConfiguration : IEntityTypeConfiguration<QualificationType>
{
    public void Configure(EntityTypeBuilder<QualificationType> builder)
    {
        builder.Property(q => q.Name).HasMaxLength(200);
        builder.Property(q => q.Description).HasMaxLength(2000);
        builder.HasIndex(q => q.Name).IsUnique();
    }
}
