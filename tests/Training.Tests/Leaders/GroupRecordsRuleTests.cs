using Training.Activities;
using Training.Leaders;

namespace Training.Tests.Leaders;

/// <summary>Which local activity a group's records are kept at, what a leader's reach allows, and a leader's records confirmed as typed — without the app.</summary>
public class GroupRecordsRuleTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_local_activity_group_keeps_records_at_itself_and_a_program_group_at_its_one_linked_activity_or_none()
    {
        Assert.Equal(7, LedGroup.ActivityOf(LeaderGroup.Activity(7), []));
        Assert.Equal(7, LedGroup.ActivityOf(LeaderGroup.Activity(7), [8]));
        Assert.Equal(8, LedGroup.ActivityOf(LeaderGroup.Program(3), [8]));
        Assert.Null(LedGroup.ActivityOf(LeaderGroup.Program(3), []));
        Assert.Null(LedGroup.ActivityOf(LeaderGroup.Program(3), [8, 9]));
    }

    [Fact]
    public void A_leaders_reach_allows_their_one_activity_whatever_its_district_and_a_coordinators_their_districts()
    {
        var leader = RecordReach.Leader(8);
        var coordinator = RecordReach.Staff([2]);
        var administrator = RecordReach.Staff([]);

        Assert.True(leader.Allows(8, 5));
        Assert.False(leader.Allows(9, 2));
        Assert.True(coordinator.Allows(9, 2));
        Assert.False(coordinator.Allows(8, 5));
        Assert.True(administrator.Allows(8, 5));
        Assert.Equal((RecordSource.Leader, RecordSource.Staff), (leader.Source, coordinator.Source));
        Assert.Equal(8, new LedGroup(LeaderGroup.Program(3), "クラブ", "くらぶ", 5, null, 3, null) { LocalActivityId = 8 }.Records?.LeaderActivityId);
        Assert.Null(new LedGroup(LeaderGroup.Program(3), "クラブ", "くらぶ", 5, null, 3, null).Records);
    }

    [Fact]
    public void A_leaders_record_is_confirmed_as_typed_and_a_helpers_own_waits()
    {
        var input = new RecordInput { Date = new DateOnly(2026, 12, 1), StartTime = new TimeOnly(10, 0), Minutes = 60 };
        var startsAt = new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc);

        var leaders = ActivityRecord.Create(1, 8, input, startsAt, RecordSource.Leader, "leader-1", Now);
        var helpers = ActivityRecord.Create(1, 8, input, startsAt, RecordSource.Helper, null, Now);

        Assert.Equal((RecordStatus.Confirmed, "leader-1", true), (leaders.Status, leaders.ConfirmedByStaffId, leaders.Counts));
        Assert.Equal((RecordStatus.Pending, false), (helpers.Status, helpers.Counts));
    }
}
