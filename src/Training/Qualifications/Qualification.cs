using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Attendance;
using Training.People;

namespace Training.Qualifications;

/// <summary>A qualification a person holds, and whether they opted in to be listed as a supporter (登録).</summary>
public class Qualification
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public int QualificationTypeId { get; set; }
    public QualificationType? QualificationType { get; set; }
    public int? GrantedByCompletionId { get; set; }
    public Completion? GrantedByCompletion { get; set; }
    public DateTime GrantedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? LastRenewedAt { get; set; }
    public DateTime? WithdrawnAt { get; set; }
    public string? WithdrawnReason { get; set; }
    public bool ListedAsSupporter { get; set; }
    public DateTime? ListedAt { get; set; }
    /// <summary>What the supporter would like to help with, for matching with activities.</summary>
    public string Interests { get; set; } = "";

    public const int InterestsMaxLength = 1000;

    /// <summary>Listed as a supporter from now, or no longer; what they would help with is kept as typed, cut to fit.</summary>
    public void SetListing(bool listed, string? interests, DateTime now)
    {
        ListedAsSupporter = listed;
        ListedAt = listed ? now : null;
        var text = (interests ?? "").Trim();
        Interests = text.Length > InterestsMaxLength ? text[..InterestsMaxLength] : text;
    }

    /// <summary>
    /// <see cref="QualificationService.StatusOf"/>'s "active or expiring" (not withdrawn, expiry not reached) as a query
    /// can ask it; tested to agree with it (<c>QualificationValidityTests</c>).
    /// </summary>
    public static System.Linq.Expressions.Expression<Func<Qualification, bool>> ValidAt(DateTime utcNow) =>
        q => q.WithdrawnAt == null && (q.ExpiresAt == null || q.ExpiresAt > utcNow);

    /// <summary>Whether the qualification stands at this instant: neither withdrawn nor expired (<see cref="QualificationService.StatusOf"/>).</summary>
    public bool IsValidAt(DateTime utcNow) => QualificationService.StatusOf(this, utcNow) is QualificationStatus.Active or QualificationStatus.Expiring;

    /// <summary>The expiry this qualification has under its type's validity, counted from its last renewal or its grant.</summary>
    public DateTime? ExpiryUnder(QualificationType type) => type.ExpiryFor(LastRenewedAt ?? GrantedAt);
}

public enum QualificationStatus { Active, Expiring, Expired, Withdrawn }

public class QualificationConfiguration : IEntityTypeConfiguration<Qualification>
{
    public void Configure(EntityTypeBuilder<Qualification> builder)
    {
        builder.Property(q => q.WithdrawnReason).HasMaxLength(1000);
        builder.Property(q => q.Interests).HasMaxLength(1000);
        builder.HasOne(q => q.Person).WithMany().HasForeignKey(q => q.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(q => q.QualificationType).WithMany().HasForeignKey(q => q.QualificationTypeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(q => q.GrantedByCompletion).WithMany().HasForeignKey(q => q.GrantedByCompletionId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(q => new { q.PersonId, q.QualificationTypeId }).IsUnique();
        builder.HasIndex(q => q.ExpiresAt);
    }
}
