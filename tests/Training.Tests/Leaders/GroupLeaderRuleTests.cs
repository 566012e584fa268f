using Training.Activities;
using Training.Courses;
using Training.Leaders;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Leaders;

/// <summary>A leader's one group, and which groups may be led and by whose reach they are kept, without the app.</summary>
public class GroupLeaderRuleTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc);

    private static LocalActivity Activity(bool active = true)
    {
        var activity = LocalActivity.Create(new ActivityInput
        {
            Name = "ひだまりサロン", NameKana = "ひだまりさろん", KindId = 1, AreaId = 2, Schedule = "毎月第2水曜 10:00〜12:00",
            ContactName = "山田 花子", ContactPhone = "0551-22-1111",
        });
        activity.SetActive(active);
        return activity;
    }

    [Fact]
    public void A_leader_leads_the_one_group_they_were_invited_to_and_no_other()
    {
        var activityLeader = GroupLeader.For("user-1", LeaderGroup.Activity(5), Now, "coordinator");
        var programLeader = GroupLeader.For("user-2", LeaderGroup.Program(5), Now, "coordinator");

        Assert.True(activityLeader.Leads(LeaderGroup.Activity(5)));
        Assert.False(activityLeader.Leads(LeaderGroup.Program(5)));
        Assert.False(activityLeader.Leads(LeaderGroup.Activity(6)));
        Assert.Equal((5, (int?)null), (activityLeader.LocalActivityId!.Value, activityLeader.ProgramId));
        Assert.True(programLeader.Leads(LeaderGroup.Program(5)));
        Assert.Equal(LeaderGroup.Program(5), programLeader.Group);
        Assert.Null(programLeader.LocalActivityId);
    }

    [Fact]
    public void A_leader_is_an_account_leading_a_group_on_record()
    {
        Assert.Throws<ArgumentException>(() => GroupLeader.For("", LeaderGroup.Activity(5), Now, null));
        Assert.Throws<ArgumentException>(() => GroupLeader.For("user-1", LeaderGroup.Program(0), Now, null));
    }

    [Fact]
    public void A_revoked_leader_leads_nothing_until_let_back_in_and_each_change_happens_once()
    {
        var leader = GroupLeader.For("user-1", LeaderGroup.Activity(5), Now, "coordinator");

        Assert.True(leader.Revoke(Now.AddDays(1), "coordinator"));
        Assert.False(leader.Leads(LeaderGroup.Activity(5)));
        Assert.False(leader.Revoke(Now.AddDays(2), "someone else"));
        Assert.Equal(Now.AddDays(1), leader.RevokedAt);
        Assert.True(leader.Reinstate());
        Assert.False(leader.Reinstate());
        Assert.True(leader.Leads(LeaderGroup.Activity(5)));
        Assert.Null(leader.RevokedByStaffId);
    }

    [Fact]
    public void Only_a_running_activity_or_a_program_of_open_activities_in_use_may_be_given_a_leader()
    {
        var club = new ProgramBuilder().ForActivity("スマホ楽しみ隊").Build();
        var training = new ProgramBuilder().Build();
        var retired = new ProgramBuilder().ForActivity("終わった教室").With(d => d with { IsActive = false }).Build();

        Assert.Null(GroupLeader.WhyNotLed(Activity()));
        Assert.Equal(GroupLeader.Messages.ActivityEnded, GroupLeader.WhyNotLed(Activity(active: false)));
        Assert.Null(GroupLeader.WhyNotLed(club));
        Assert.Equal(GroupLeader.Messages.NotOpenActivity, GroupLeader.WhyNotLed(training));
        Assert.Equal(GroupLeader.Messages.ProgramNotInUse, GroupLeader.WhyNotLed(retired));
    }

    [Fact]
    public void A_groups_sessions_are_the_runs_of_its_program_and_a_local_activity_without_one_has_none_yet()
    {
        var course = new CourseBuilder().ForActivity("スマホ楽しみ隊").Of(programId: 8, organisationId: 1).Build();
        var other = new CourseBuilder().ForActivity("ほかの教室").Of(programId: 9, organisationId: 1).Build();
        var club = new LedGroup(LeaderGroup.Program(8), "スマホ楽しみ隊", "すまほたのしみたい", 2, 1, 8, null);
        var linkedActivity = new LedGroup(LeaderGroup.Activity(3), "公民館の教室", "こうみんかんのきょうしつ", 2, null, 8, null);
        var ibasho = new LedGroup(LeaderGroup.Activity(4), "親子の居場所", "おやこのいばしょ", 2, null, null, null);

        Assert.True(club.Includes(course));
        Assert.False(club.Includes(other));
        Assert.True(linkedActivity.Includes(course));
        Assert.False(ibasho.HasSessions);
        Assert.False(ibasho.Includes(course));
    }

    [Fact]
    public void A_coordinator_keeps_the_leaders_of_groups_in_their_districts_and_city_staff_those_of_every_group()
    {
        var hosakaActivity = new LedGroup(LeaderGroup.Activity(3), "穂坂の教室", "ほさかのきょうしつ", AreaId: 2, null, null, null);
        var cityWideActivity = new LedGroup(LeaderGroup.Activity(4), "市全域の教室", "しぜんいきのきょうしつ", AreaId: null, null, null, null);
        var tatsuokaProgram = new LedGroup(LeaderGroup.Program(8), "竜岡のサロン", "たつおかのさろん", AreaId: 3, OrganisationId: 1, 8, null);
        var councilsCityWideProgram = new LedGroup(LeaderGroup.Program(9), "社協の教室", "しゃきょうのきょうしつ", AreaId: null, OrganisationId: 7, 9, null);
        var hosakaCoordinator = new ProgramReach([2], StaffOrganisationId: 7, OwnOrganisationCityWide: true);

        Assert.True(hosakaActivity.IsKeptBy(hosakaCoordinator));
        Assert.False(cityWideActivity.IsKeptBy(hosakaCoordinator));
        Assert.False(tatsuokaProgram.IsKeptBy(hosakaCoordinator));
        Assert.True(councilsCityWideProgram.IsKeptBy(hosakaCoordinator));
        Assert.False(councilsCityWideProgram.IsKeptBy(hosakaCoordinator with { OwnOrganisationCityWide = false }));
        Assert.All([hosakaActivity, cityWideActivity, tatsuokaProgram, councilsCityWideProgram], g => Assert.True(g.IsKeptBy(ProgramReach.Everything)));
    }

    [Fact]
    public void A_leaders_name_and_address_follow_the_staff_accounts_rules()
    {
        var good = new LeaderInput { DisplayName = "髙橋 良子", Email = "takahashi@example.jp" };
        var bad = new LeaderInput { DisplayName = " ", Email = "takahashi@" };

        Assert.Empty(good.Problems());
        Assert.Equal([(nameof(LeaderInput.DisplayName), StaffAccountInput.Messages.NameMissing), (nameof(LeaderInput.Email), StaffAccountInput.Messages.EmailInvalid)],
            bad.Problems().Select(p => (p.Field, p.Message)));
    }

    [Fact]
    public void The_leader_role_is_made_at_start_but_never_given_on_the_staff_form()
    {
        var input = new StaffAccountInput { DisplayName = "髙橋 良子", Email = "takahashi@example.jp", Role = StaffRoles.Leader };

        Assert.Contains(StaffRoles.Leader, StaffRoles.All);
        Assert.DoesNotContain(StaffRoles.Leader, StaffRoles.Staff);
        Assert.Contains(input.Problems([]), p => p.Message == StaffAccountInput.Messages.RoleInvalid);
    }
}
