using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.Organisations;

/// <summary>A body that runs courses and issues certificates: the city, or the council of social welfare.</summary>
public class Organisation
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public OrganisationKind Kind { get; set; }
    /// <summary>Title printed above the issuer's name on certificates, e.g. 韮崎市長.</summary>
    public string IssuerTitle { get; set; } = "";
    public string IssuerName { get; set; } = "";
    public string? Phone { get; set; }
    public string? Email { get; set; }
}

public enum OrganisationKind { City, SocialWelfareCouncil, Other }

public class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(o => o.IssuerTitle).HasMaxLength(200);
        builder.Property(o => o.IssuerName).HasMaxLength(200);
        builder.Property(o => o.Phone).HasMaxLength(40);
        builder.Property(o => o.Email).HasMaxLength(320);
    }
}
