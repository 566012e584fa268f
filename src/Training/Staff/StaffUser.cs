using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Organisations;

namespace Training.Staff;

/// <summary>
/// A signed-in account: a member of staff (an administrator or a coordinator, 生活支援コーディネーター), or a resident who
/// leads one group (<see cref="StaffRoles.Leader"/>, <c>Leaders/GroupLeader</c>), invited and signed in the same way.
/// </summary>
public class StaffUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public int? OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public string PreferredLanguage { get; set; } = "ja";
    public DateTime CreatedAt { get; set; }
    /// <summary>Areas a coordinator may work in; empty means all areas.</summary>
    public List<StaffUserArea> Areas { get; set; } = [];

    /// <summary>The last authenticator time step accepted: a code is accepted once, never again in its window.</summary>
    public long? LastAuthenticatorStep { get; set; }
    /// <summary>When the unlock link now valid was mailed; cleared when it is used, so it works once.</summary>
    public DateTime? UnlockLinkIssuedAt { get; set; }

    /// <summary>Deactivated accounts are locked out for good; an administrator's reactivation lifts the lock.</summary>
    public bool IsActiveAt(DateTimeOffset now) => LockoutEnd is null || LockoutEnd <= now;
}

public static class StaffRoles
{
    public const string Admin = "Admin";
    public const string Coordinator = "Coordinator";
    /// <summary>A resident who leads one group (グループのリーダー): below a coordinator, never on a staff page, sees only their group.</summary>
    public const string Leader = "Leader";
    /// <summary>The roles an administrator gives on the staff form: the ones that open the staff pages.</summary>
    public static readonly string[] Staff = [Admin, Coordinator];
    /// <summary>Every role, made at start.</summary>
    public static readonly string[] All = [Admin, Coordinator, Leader];
}

public class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.Property(u => u.PreferredLanguage).HasMaxLength(8);
        builder.HasOne(u => u.Organisation).WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.SetNull);
    }
}
