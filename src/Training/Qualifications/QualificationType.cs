using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.Qualifications;

/// <summary>A qualification a program grants, e.g. 生活支援サポーター.</summary>
public class QualificationType
{
    private QualificationType() { }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    /// <summary>Months a qualification stays valid; null means it does not expire.</summary>
    public int? ValidityMonths { get; private set; }

    /// <param name="validityMonths">Null: the qualification does not expire.</param>
    public static QualificationType Create(string name, int? validityMonths = null, string description = "")
    {
        var type = new QualificationType();
        type.Change(name, description, validityMonths);
        return type;
    }

    /// <summary>Names, describes and sets the validity (trimmed as stored); what a new validity does to holders is the caller's choice.</summary>
    public void Change(string name, string description, int? validityMonths) =>
        (Name, Description, ValidityMonths) = (name.Trim(), description.Trim(), validityMonths);

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
