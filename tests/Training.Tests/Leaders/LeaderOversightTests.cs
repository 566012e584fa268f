using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Attendance;
using Training.Courses;
using Training.Leaders;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Leaders;

/// <summary>
/// Coordinators oversee their groups' leaders (issue 28, Deliver 5): every group with a leader in their districts —
/// administrators every group — with how each leader stands, the month so far and what the leaders did lately.
/// </summary>
/// <remarks>
/// One app for the class: the two districts' groups (<see cref="LeaderGroupsSeed"/>), a session of the club held on
/// 2 December (the tests' today is 7 December) with two attending — one a walk-in — and one absent; the club and the
/// salon each have a leader, the club's local activity a leader already stopped.
/// </remarks>
public sealed class LeaderOversightTests(LeaderOversightTests.App shared) : IClassFixture<LeaderOversightTests.App>
{
    private const string Password = "Kirigamine-Plateau-73";
    private const string HosakaCoordinator = "oversight-hosaka@example.jp";

    public sealed class App : SharedApp
    {
        public App()
        {
            Seed = LeaderGroupsSeed.SaveAsync(this.App, "O").GetAwaiter().GetResult();
            HeldSessionAsync().GetAwaiter().GetResult();
            ClubLeader = StaffSignInClient.CreateLeaderAsync(this.App, "oversight-club@example.jp", Password, Seed.ClubGroup, "小松 次郎").GetAwaiter().GetResult();
            StaffSignInClient.CreateLeaderAsync(this.App, "oversight-salon@example.jp", Password, Seed.SalonGroup, "竜岡 花子").GetAwaiter().GetResult();
            StoppedLeader = StaffSignInClient.CreateLeaderAsync(this.App, "oversight-stopped@example.jp", Password, Seed.ClubActivityGroup, "望月 一郎").GetAwaiter().GetResult();
            StopAsync().GetAwaiter().GetResult();
            StaffSignInClient.CreateCoordinatorAsync(this.App, HosakaCoordinator, Password, Seed.Hosaka).GetAwaiter().GetResult();
        }

        public LeaderGroupsSeed Seed { get; }
        public string ClubLeader { get; }
        public string StoppedLeader { get; }

        /// <summary>A club session on 2 December: 髙橋 (booked) and a walk-in came, 青木 did not.</summary>
        private Task HeldSessionAsync() => this.App.WithDbAsync(async db =>
        {
            var course = await db.Courses.Include(c => c.Sessions).SingleAsync(c => c.Id == Seed.ClubCourse);
            var held = course.PlanSession(new DateTime(2026, 12, 2, 1, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 2, 3, 0, 0, DateTimeKind.Utc));
            var walkIn = new PersonBuilder().Named("飛込", "太郎", "とびこみ", "たろう").InArea(Seed.Hosaka).Build();
            var walkInBooking = new RegistrationBuilder().For(course).Of(walkIn).Via(ContactChannel.WalkIn).Build();
            db.Registrations.Add(walkInBooking);
            var booked = await db.Registrations.Where(r => r.CourseId == course.Id).Select(r => new { r.Id, r.PersonId, r.Person!.FamilyName }).ToListAsync();
            var takahashi = booked.Single(b => b.FamilyName == "髙橋");
            var aoki = booked.Single(b => b.FamilyName == "青木");
            var at = new DateTime(2026, 12, 2, 3, 0, 0, DateTimeKind.Utc);
            db.Attendance.AddRange(
                new AttendanceRecord { Session = held, PersonId = takahashi.PersonId, RegistrationId = takahashi.Id, Status = AttendanceStatus.Present, RecordedAt = at },
                new AttendanceRecord { Session = held, Person = walkIn, Registration = walkInBooking, Status = AttendanceStatus.Present, RecordedAt = at },
                new AttendanceRecord { Session = held, PersonId = aoki.PersonId, RegistrationId = aoki.Id, Status = AttendanceStatus.Absent, RecordedAt = at });
            await db.SaveChangesAsync();
        });

        private async Task StopAsync()
        {
            await using var scope = this.App.Scope();
            var outcome = await scope.ServiceProvider.GetRequiredService<GroupLeaders>()
                .RevokeAsync(Seed.ClubActivityGroup, StoppedLeader, ProgramReach.Everything, new Actor(null, "test"));
            if (outcome is not LeaderChange.Done) throw new InvalidOperationException($"Stopping the leader failed: {outcome}");
        }
    }

    private readonly TrainingApp _app = shared.App;
    private LeaderGroupsSeed Seed => shared.Seed;

    private async Task<IReadOnlyList<OverseenGroup>> OverviewAsync(ProgramReach reach)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<LeaderOversight>().OverviewAsync(reach);
    }

    private static ProgramReach CoordinatorOf(int area) => new([area], null, false);

    [Fact]
    public async Task A_coordinator_sees_only_their_districts_groups_with_the_months_sessions_and_attendance()
    {
        var groups = await OverviewAsync(CoordinatorOf(Seed.Hosaka));

        Assert.Equal(new HashSet<LeaderGroup> { Seed.ClubGroup, Seed.ClubActivityGroup }, groups.Select(g => g.Group.Group).ToHashSet());
        var club = groups.Single(g => g.Group.Group == Seed.ClubGroup);
        Assert.Equal(new GroupMonth(SessionsHeld: 1, SessionsToCome: 1, Attended: 2, WalkIns: 1, PendingApproval: 0), club.Month);
        Assert.Equal(["小松 次郎"], club.Leaders.Select(l => l.DisplayName));
        // The local activity is scheduled under the club's program: its month is the club's.
        Assert.Equal(club.Month, groups.Single(g => g.Group.Group == Seed.ClubActivityGroup).Month);
        Assert.DoesNotContain(groups, g => g.Group.Name == LeaderGroupsSeed.SalonName);
    }

    [Fact]
    public async Task An_administrator_sees_the_groups_of_both_districts()
    {
        var groups = await OverviewAsync(ProgramReach.Everything);

        Assert.Contains(groups, g => g.Group.Group == Seed.ClubGroup);
        Assert.Contains(groups, g => g.Group.Group == Seed.ClubActivityGroup);
        var salon = groups.Single(g => g.Group.Group == Seed.SalonGroup);
        Assert.Equal(new GroupMonth(SessionsHeld: 0, SessionsToCome: 1, Attended: 0, WalkIns: 0, PendingApproval: 0), salon.Month);
        Assert.Equal(LeaderStanding.Invited, OverseenGroup.StandingOf(salon.Leaders.Single()));
    }

    [Fact]
    public async Task A_stopped_leader_shows_as_stopped_since_the_day_they_were_stopped()
    {
        var group = (await OverviewAsync(CoordinatorOf(Seed.Hosaka))).Single(g => g.Group.Group == Seed.ClubActivityGroup);

        var stopped = Assert.Single(group.Leaders);
        Assert.Equal(LeaderStanding.Revoked, OverseenGroup.StandingOf(stopped));
        Assert.NotNull(stopped.RevokedAt);
    }

    [Fact]
    public async Task What_a_leader_did_shows_under_their_group_in_words_on_the_coordinators_page()
    {
        var leader = await StaffSignInClient.SignedInClientAsync(_app, "oversight-club@example.jp", Password);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/Lead/Sessions/{Seed.NextSession}")).StatusCode);
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, HosakaCoordinator, Password);

        var groups = await OverviewAsync(CoordinatorOf(Seed.Hosaka));
        var page = WebUtility.HtmlDecode(await coordinator.GetStringAsync("/Staff/Leaders"));

        var club = groups.Single(g => g.Group.Group == Seed.ClubGroup);
        Assert.Contains(club.Changes, e => e.Action == "leader-view-registrants" && e.StaffUserId == shared.ClubLeader);
        Assert.Equal(LeaderStanding.Active, OverseenGroup.StandingOf(club.Leaders.Single()));
        Assert.DoesNotContain(groups.Single(g => g.Group.Group == Seed.ClubActivityGroup).Changes, e => e.StaffUserId == shared.ClubLeader);
        Assert.Contains("小松 次郎: ", page);
        Assert.Contains("止めています", page);
        Assert.Contains($"/Staff/Programs/{Seed.Club}/Leaders", page);
        Assert.Contains("data-testid=\"month-attended\">2人（当日参加 1人）", page);
        Assert.DoesNotContain(LeaderGroupsSeed.SalonName, page);
    }
}
