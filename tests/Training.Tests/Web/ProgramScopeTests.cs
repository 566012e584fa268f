using System.Net;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Organisations;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>A district coordinator changes the programs of their districts; city-wide programs are for administrators.</summary>
public sealed class ProgramScopeTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private const string Password = "Coordinator-Pass-1";
    private TrainingApp _app = shared.App;

    /// <summary>This test's coordinator of 穂坂 (each test has its own, with its own districts and council).</summary>
    private readonly string _coordinator = $"hosaka-{Guid.NewGuid():N}@example.jp";

    private async Task<(int Hosaka, int Tatsuoka, int OrganisationId, int CityWide, int OwnDistrict, int OtherDistrict)> SeedAsync()
    {
        var code = Guid.NewGuid().ToString("N")[..8];
        var ids = await _app.WithDbAsync(async db =>
        {
            var hosaka = new Area { Code = $"H-{code}", Name = "穂坂地区", NameKana = "ほさかちく" };
            var tatsuoka = new Area { Code = $"T-{code}", Name = "竜岡地区", NameKana = "たつおかちく" };
            var council = new Organisation { Name = "韮崎市社会福祉協議会", Kind = OrganisationKind.SocialWelfareCouncil };
            db.Areas.AddRange(hosaka, tatsuoka);
            await db.SaveChangesAsync();
            TrainingProgram Program(string name, Area? area) =>
                new ProgramBuilder().ForActivity(name).CompletedBy(CompletionRuleKind.None).With(d => d with { NameKana = "かつどう" }).By(council).InArea(area?.Id).Build();
            var cityWide = Program("市全域のサロン", null);
            var own = Program("穂坂のサロン", hosaka);
            var other = Program("竜岡のサロン", tatsuoka);
            db.Programs.AddRange(cityWide, own, other);
            await db.SaveChangesAsync();
            return (hosaka.Id, tatsuoka.Id, council.Id, cityWide.Id, own.Id, other.Id);
        });
        await StaffSignInClient.CreateCoordinatorAsync(_app, _coordinator, Password);
        await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == _coordinator);
            user.OrganisationId = ids.Item3;
            db.StaffUserAreas.Add(new StaffUserArea { StaffUserId = user.Id, AreaId = ids.Item1 });
            await db.SaveChangesAsync();
        });
        return ids;
    }

    private static Dictionary<string, string> Fields(int organisationId, int? areaId, string name) => new()
    {
        ["Input.Name"] = name, ["Input.NameKana"] = "さろん", ["Input.Kind"] = "Activity", ["Input.OrganisationId"] = organisationId.ToString(),
        ["Input.AreaId"] = areaId?.ToString() ?? "", ["Input.PlannedSessionCount"] = "12", ["Input.CompletionRule"] = "None", ["Input.IsPublic"] = "true", ["Input.IsActive"] = "true",
    };

    [Fact]
    public async Task A_district_coordinator_changes_their_districts_program_but_not_a_city_wide_or_another_districts()
    {
        var ids = await SeedAsync();
        var client = await StaffSignInClient.SignedInClientAsync(_app, _coordinator, Password);

        var own = await Forms.PostAsync(client, $"/Staff/Programs/Edit/{ids.OwnDistrict}", Fields(ids.OrganisationId, ids.Hosaka, "穂坂のサロン（改）"));
        var cityWideForm = await client.GetAsync($"/Staff/Programs/Edit/{ids.CityWide}");
        var otherForm = await client.GetAsync($"/Staff/Programs/Edit/{ids.OtherDistrict}");
        var list = await client.GetStringAsync("/Staff/Programs");

        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        Assert.All(new[] { cityWideForm, otherForm }, r => Assert.True(
            r.StatusCode == HttpStatusCode.Forbidden || r.Headers.Location?.OriginalString.Contains("AccessDenied") == true, $"answered {(int)r.StatusCode}"));
        Assert.Contains($"/Staff/Programs/Edit/{ids.OwnDistrict}", list);
        Assert.DoesNotContain($"/Staff/Programs/Edit/{ids.CityWide}\"", list);
        var names = await _app.WithDbAsync(db => db.Programs.Where(p => p.OrganisationId == ids.OrganisationId).OrderBy(p => p.Id).Select(p => p.Name).ToListAsync());
        Assert.Equal(["市全域のサロン", "穂坂のサロン（改）", "竜岡のサロン"], names);
    }

    [Fact]
    public async Task A_district_coordinator_cannot_make_a_program_city_wide_or_move_it_to_another_district()
    {
        var ids = await SeedAsync();
        var client = await StaffSignInClient.SignedInClientAsync(_app, _coordinator, Password);

        var toCityWide = await Forms.PostAsync(client, $"/Staff/Programs/Edit/{ids.OwnDistrict}", Fields(ids.OrganisationId, null, "穂坂のサロン"));
        var toOther = await Forms.PostAsync(client, "/Staff/Programs/Edit", Fields(ids.OrganisationId, ids.Tatsuoka, "新しいサロン"));

        Assert.Equal(HttpStatusCode.OK, toCityWide.StatusCode);
        Assert.Contains("担当の地区を選んでください", await toCityWide.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, toOther.StatusCode);
        Assert.Equal(ids.Hosaka, await _app.WithDbAsync(db => db.Programs.Where(p => p.Id == ids.OwnDistrict).Select(p => p.AreaId).SingleAsync()));
        Assert.Equal(3, await _app.WithDbAsync(db => db.Programs.CountAsync(p => p.OrganisationId == ids.OrganisationId)));
    }

    [Fact]
    public async Task With_the_setting_a_coordinator_may_change_their_own_organisations_city_wide_programs()
    {
        // The setting is the site's configuration: an app of its own.
        using var app = _app = new TrainingApp(new Dictionary<string, string?> { ["Staff:CoordinatorsChangeOwnCityWidePrograms"] = "true" });
        var ids = await SeedAsync();
        var client = await StaffSignInClient.SignedInClientAsync(_app, _coordinator, Password);

        var response = await Forms.PostAsync(client, $"/Staff/Programs/Edit/{ids.CityWide}", Fields(ids.OrganisationId, null, "市全域のサロン（改）"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("市全域のサロン（改）", await _app.WithDbAsync(db => db.Programs.Where(p => p.Id == ids.CityWide).Select(p => p.Name).SingleAsync()));
    }
}
