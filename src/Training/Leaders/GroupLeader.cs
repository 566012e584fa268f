using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Activities;
using Training.Courses;
using Training.Staff;

namespace Training.Leaders;

/// <summary>The two kinds of group a resident may lead.</summary>
public enum LeaderGroupKind { LocalActivity, Program }

/// <summary>A group a leader leads: a local activity (地域の活動) or a program of open activities (a monthly club, a salon).</summary>
public readonly record struct LeaderGroup(LeaderGroupKind Kind, int Id)
{
    public static LeaderGroup Activity(int localActivityId) => new(LeaderGroupKind.LocalActivity, localActivityId);
    public static LeaderGroup Program(int programId) => new(LeaderGroupKind.Program, programId);

    /// <summary>As the audit log's details name it (never shown to residents).</summary>
    public override string ToString() => $"{(Kind == LeaderGroupKind.LocalActivity ? "activity" : "program")} {Id}";
}

/// <summary>
/// A resident's leader account (<see cref="StaffRoles.Leader"/>) tied to the one group it leads. A coordinator invites
/// the leader from the group's page; revoking ends the account at once (its next request) and keeps this row, so the
/// audit log and later summaries still name who led; the same leader may be let back in. An account leads one group,
/// ever: a leader of another group is a new invitation with another address.
/// </summary>
public class GroupLeader
{
    /// <summary>For EF Core; a leader is made by <see cref="For"/>.</summary>
    private GroupLeader() { }

    public int Id { get; private set; }
    public string StaffUserId { get; private set; } = "";
    /// <summary>The local activity led; null when the group is a program.</summary>
    public int? LocalActivityId { get; private set; }
    /// <summary>The program of open activities led; null when the group is a local activity.</summary>
    public int? ProgramId { get; private set; }
    public DateTime InvitedAt { get; private set; }
    public string? InvitedByStaffId { get; private set; }
    /// <summary>When a coordinator stopped this leader; null while they lead.</summary>
    public DateTime? RevokedAt { get; private set; }
    public string? RevokedByStaffId { get; private set; }

    public LeaderGroup Group => LocalActivityId is { } activity ? LeaderGroup.Activity(activity) : LeaderGroup.Program(ProgramId!.Value);

    /// <summary>Leads the group now (not revoked).</summary>
    public bool IsActive => RevokedAt is null;

    /// <summary>Whether this leader leads that group now.</summary>
    public bool Leads(LeaderGroup group) => IsActive && Group == group;

    public static class Messages
    {
        public const string ActivityEnded = "この活動は終了しています。リーダーを招くときは、先に活動を再開してください。";
        public const string NotOpenActivity = "リーダーを招けるのは、種類が「活動」（教室・サロンなど、回ごとに申し込むもの）だけです。";
        public const string ProgramNotInUse = "この活動は「使っていない」になっています。リーダーを招くときは、先に使うようにしてください。";
        public const string AlreadyRevoked = "このリーダーのアカウントは、すでに止めてあります。";
        public const string NotRevoked = "このリーダーのアカウントは止まっていません。";

        public static IEnumerable<string> All => typeof(Messages).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
    }

    /// <summary>Why a local activity cannot be given a leader now; null: it can.</summary>
    public static string? WhyNotLed(LocalActivity activity) => activity.IsActive ? null : Messages.ActivityEnded;

    /// <summary>
    /// Why a program cannot be given a leader now; null: it can. Only a program of open activities, booked session by
    /// session, is a group; a certificate program is the city's own training.
    /// </summary>
    public static string? WhyNotLed(TrainingProgram program) =>
        program.Kind != ProgramKind.Activity ? Messages.NotOpenActivity : !program.IsActive ? Messages.ProgramNotInUse : null;

    /// <summary>The account now leads the group; invited by a member of staff.</summary>
    public static GroupLeader For(string staffUserId, LeaderGroup group, DateTime invitedAt, string? invitedByStaffId)
    {
        if (string.IsNullOrEmpty(staffUserId)) throw new ArgumentException("A leader is an account.", nameof(staffUserId));
        if (group.Id <= 0) throw new ArgumentException("A leader leads a group on record.", nameof(group));
        return new GroupLeader
        {
            StaffUserId = staffUserId,
            LocalActivityId = group.Kind == LeaderGroupKind.LocalActivity ? group.Id : null,
            ProgramId = group.Kind == LeaderGroupKind.Program ? group.Id : null,
            InvitedAt = invitedAt,
            InvitedByStaffId = invitedByStaffId,
        };
    }

    /// <summary>Stops the leader leading; false (nothing changed) when already stopped.</summary>
    public bool Revoke(DateTime at, string? byStaffId)
    {
        if (!IsActive) return false;
        (RevokedAt, RevokedByStaffId) = (at, byStaffId);
        return true;
    }

    /// <summary>Lets a stopped leader lead the same group again; false (nothing changed) when they were not stopped.</summary>
    public bool Reinstate()
    {
        if (IsActive) return false;
        (RevokedAt, RevokedByStaffId) = (null, null);
        return true;
    }
}

public class GroupLeaderConfiguration : IEntityTypeConfiguration<GroupLeader>
{
    public void Configure(EntityTypeBuilder<GroupLeader> builder)
    {
        builder.ToTable("GroupLeaders");
        builder.Property(l => l.StaffUserId).HasMaxLength(450);
        builder.Property(l => l.InvitedByStaffId).HasMaxLength(450);
        builder.Property(l => l.RevokedByStaffId).HasMaxLength(450);
        // One group per account, ever.
        builder.HasIndex(l => l.StaffUserId).IsUnique();
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(l => l.StaffUserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<LocalActivity>().WithMany().HasForeignKey(l => l.LocalActivityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<TrainingProgram>().WithMany().HasForeignKey(l => l.ProgramId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => l.LocalActivityId);
        builder.HasIndex(l => l.ProgramId);
    }
}
