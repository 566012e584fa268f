using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Text;

namespace Training.Organisations;

/// <summary>Something wrong with what an administrator typed for a setting, by the field it is about.</summary>
public sealed record SettingProblem(string Field, string Message);

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
    /// <summary>When the phone is answered, as residents are told it (e.g. 平日 8:30〜17:15).</summary>
    public string? OpeningHours { get; set; }
    /// <summary>Issuers from a given day (a new mayor from 5月1日): each certificate is issued under the one in office that day.</summary>
    public List<OrganisationIssuer> Issuers { get; set; } = [];

    /// <summary>The certificate issuer on <paramref name="day"/>: the latest appointed on or before it, else the one first recorded.</summary>
    public (string Title, string Name) IssuerOn(DateOnly day) =>
        Issuers.Where(i => i.From <= day).OrderByDescending(i => i.From).ThenByDescending(i => i.Id).Select(i => (i.Title, i.Name)).FirstOrDefault() is { Title: not null } found
            ? found
            : (IssuerTitle, IssuerName);

    public const int NameMaxLength = 200;
    public const int OpeningHoursMaxLength = 200;

    /// <summary>What is said when a field is wrong (Japanese; the site's resources hold the English).</summary>
    public static class Messages
    {
        public const string NameInvalid = "団体の名前を200文字以内で入力してください。";
        public const string OpeningHoursTooLong = "受付時間は200文字以内で入力してください。";
        public const string IssuerTitleInvalid = "肩書きを200文字以内で入力してください（例：韮崎市長）。";
        public const string IssuerNameInvalid = "名前を200文字以内で入力してください。";
        public const string IssuerFromMissing = "いつからかを入力してください。";
    }

    /// <summary>Every problem with a name, phone number and opening hours typed for an organisation; none: they may be saved.</summary>
    public static IEnumerable<SettingProblem> ContactProblems(string? name, string? phone, string? openingHours)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength) yield return new(nameof(Name), Messages.NameInvalid);
        // The same rule as a resident's number: residents are told to phone it.
        if (!string.IsNullOrWhiteSpace(phone) && !PhoneNumbers.IsComplete(phone)) yield return new(nameof(Phone), People.PersonInput.Messages.PhoneInvalid);
        if (openingHours is { Length: > OpeningHoursMaxLength }) yield return new(nameof(OpeningHours), Messages.OpeningHoursTooLong);
    }

    /// <summary>Changes the name and the number residents phone, with when it is answered (blank: none).</summary>
    public void ChangeContact(string name, string? phone, string? openingHours)
    {
        if (ContactProblems(name, phone, openingHours).FirstOrDefault() is { } problem) throw new ArgumentException(problem.Message, problem.Field);
        Name = name.Trim();
        Phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        OpeningHours = string.IsNullOrWhiteSpace(openingHours) ? null : openingHours.Trim();
    }

    /// <summary>Every problem with an issuer typed for an organisation (fields as <see cref="AppointIssuer"/> names them).</summary>
    public static IEnumerable<SettingProblem> IssuerProblems(string? title, string? name, DateOnly? from)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > 200) yield return new(nameof(IssuerTitle), Messages.IssuerTitleInvalid);
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200) yield return new(nameof(IssuerName), Messages.IssuerNameInvalid);
        if (NameText.Problem(name) is { } nameProblem) yield return new(nameof(IssuerName), nameProblem);
        if (from is null) yield return new("IssuerFrom", Messages.IssuerFromMissing);
    }

    /// <summary>Records who issues certificates from <paramref name="from"/>; the current fields follow once that day has come.</summary>
    public void AppointIssuer(string title, string name, DateOnly from, DateOnly today)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Issuers.Add(new OrganisationIssuer { Title = title.Trim(), Name = name.Trim(), From = from });
        (IssuerTitle, IssuerName) = IssuerOn(today);
    }
}

/// <summary>A certificate issuer of an organisation from a day on.</summary>
public class OrganisationIssuer
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public required string Title { get; set; }
    public required string Name { get; set; }
    public DateOnly From { get; set; }
}

public class OrganisationIssuerConfiguration : IEntityTypeConfiguration<OrganisationIssuer>
{
    public void Configure(EntityTypeBuilder<OrganisationIssuer> builder)
    {
        builder.Property(i => i.Title).HasMaxLength(200);
        builder.Property(i => i.Name).HasMaxLength(200);
        builder.HasIndex(i => new { i.OrganisationId, i.From });
    }
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
        builder.Property(o => o.OpeningHours).HasMaxLength(200);
        builder.HasMany(o => o.Issuers).WithOne().HasForeignKey(i => i.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}
