using System.Net;
using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Organisations;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>Local activities through the app: a coordinator works in their district only; administrators keep the kinds.</summary>
public sealed class ActivityPagesTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Two districts of this test's own, and a coordinator for each.</summary>
    private async Task<(int Mine, int Theirs, HttpClient Client, HttpClient Other)> SeedAsync()
    {
        var (mine, theirs) = await _app.WithDbAsync(async db =>
        {
            var a = new Area { Code = $"M-{_tag}", Name = $"穂坂{_tag}", NameKana = "ほさか" };
            var b = new Area { Code = $"T-{_tag}", Name = $"竜岡{_tag}", NameKana = "たつおか" };
            db.Areas.AddRange(a, b);
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        });
        foreach (var (email, area) in new[] { ($"m-{_tag}@example.jp", mine), ($"t-{_tag}@example.jp", theirs) })
        {
            await StaffSignInClient.CreateCoordinatorAsync(_app, email, "Coordinator-Pass-1");
            await _app.WithDbAsync(async db =>
            {
                var user = await db.Users.SingleAsync(u => u.Email == email);
                db.StaffUserAreas.Add(new StaffUserArea { StaffUserId = user.Id, AreaId = area });
                await db.SaveChangesAsync();
            });
        }
        return (mine, theirs, await StaffSignInClient.SignedInClientAsync(_app, $"m-{_tag}@example.jp", "Coordinator-Pass-1"),
            await StaffSignInClient.SignedInClientAsync(_app, $"t-{_tag}@example.jp", "Coordinator-Pass-1"));
    }

    private static async Task<int> KindIdAsync(TrainingApp app, string name) => await app.WithDbAsync(db => db.ActivityKinds.Where(k => k.Name == name).Select(k => k.Id).SingleAsync());

    private Dictionary<string, string> Fields(int areaId, int kindId, string name) => new()
    {
        ["Input.Name"] = name, ["Input.NameKana"] = "ひだまりさろん", ["Input.KindId"] = kindId.ToString(), ["Input.AreaId"] = areaId.ToString(),
        ["Input.Schedule"] = "毎月第2水曜 10:00〜12:00", ["Input.Venue"] = "公民館", ["Input.ContactName"] = "山田 花子", ["Input.ContactPhone"] = "0551-22-1111",
    };

    [Fact]
    public async Task A_coordinator_creates_edits_adds_a_need_and_ends_an_activity_of_their_district_each_audited()
    {
        var (mine, _, client, _) = await SeedAsync();
        var name = $"ひだまり{_tag}";

        var created = await Forms.SubmitAsync(client, "/Staff/Activities/Create", Fields(mine, await KindIdAsync(_app, "サロン"), name));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = await _app.WithDbAsync(db => db.LocalActivities.Where(a => a.Name == name).Select(a => a.Id).SingleAsync());
        var edited = await Forms.SubmitAsync(client, $"/Staff/Activities/{id}/Edit", new Dictionary<string, string> { ["Input.Schedule"] = "毎週金曜 14:00〜" });
        var need = await Forms.PostAsync(client, $"/Staff/Activities/{id}", new Dictionary<string, string> { ["Need.Helpers"] = "2", ["Days"] = "Wednesday", ["Need.Times"] = "10:00〜12:00" },
            $"/Staff/Activities/{id}?handler=Need");
        var ended = await Forms.PostAsync(client, $"/Staff/Activities/{id}", new Dictionary<string, string> { ["active"] = "false" }, $"/Staff/Activities/{id}?handler=Active");
        var list = await client.GetStringAsync("/Staff/Activities");
        var page = await client.GetStringAsync($"/Staff/Activities/{id}");

        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, need.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        var activity = await _app.WithDbAsync(db => db.LocalActivities.Include(a => a.Needs).SingleAsync(a => a.Id == id));
        Assert.Equal(("毎週金曜 14:00〜", false), (activity.Schedule, activity.IsActive));
        var saved = Assert.Single(activity.Needs);
        Assert.Equal((2, Weekdays.Wednesday), (saved.Helpers, saved.Days));
        Assert.DoesNotContain(name, list);
        Assert.Contains("この活動は終了しています。", page);
        var actions = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "LocalActivity" && e.EntityId == id.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Equal(["activity-create", "activity-edit", "activity-need-add", "activity-retire"], actions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_coordinator_of_another_district_is_refused_by_url_for_view_edit_and_needs_and_does_not_see_it_listed()
    {
        var (mine, _, client, other) = await SeedAsync();
        var name = $"見守り隊{_tag}";
        await Forms.SubmitAsync(client, "/Staff/Activities/Create", Fields(mine, await KindIdAsync(_app, "見守り"), name));
        var id = await _app.WithDbAsync(db => db.LocalActivities.Where(a => a.Name == name).Select(a => a.Id).SingleAsync());
        var token = StaffSignInClient.AntiforgeryToken(await other.GetStringAsync("/Staff/Activities/Create"));

        var view = await other.GetAsync($"/Staff/Activities/{id}");
        var edit = await other.GetAsync($"/Staff/Activities/{id}/Edit");
        var needPost = await other.PostAsync($"/Staff/Activities/{id}?handler=Need", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Need.Helpers"] = "1" }));
        var endPost = await other.PostAsync($"/Staff/Activities/{id}?handler=Active", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["active"] = "false" }));
        var editPost = await other.PostAsync($"/Staff/Activities/{id}/Edit", new FormUrlEncodedContent(new Dictionary<string, string>(Fields(mine, 1, "乗っ取り")) { ["__RequestVerificationToken"] = token }));
        var list = await other.GetStringAsync("/Staff/Activities");

        Assert.All(new[] { view, edit, needPost, endPost, editPost }, r => Assert.True(
            r.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound || r.Headers.Location?.OriginalString.Contains("AccessDenied") == true,
            $"{r.RequestMessage!.RequestUri} answered {(int)r.StatusCode}"));
        Assert.DoesNotContain(name, list);
        var activity = await _app.WithDbAsync(db => db.LocalActivities.Include(a => a.Needs).SingleAsync(a => a.Id == id));
        Assert.Equal((name, true, 0), (activity.Name, activity.IsActive, activity.Needs.Count));
    }

    [Fact]
    public async Task Bad_input_gets_the_message_and_changes_nothing()
    {
        var (mine, theirs, client, _) = await SeedAsync();
        var name = $"居場所{_tag}";
        var kind = await KindIdAsync(_app, "居場所");

        var badPhone = await Forms.SubmitAsync(client, "/Staff/Activities/Create", new Dictionary<string, string>(Fields(mine, kind, name)) { ["Input.ContactPhone"] = "22-1111" });
        var otherDistrict = await Forms.SubmitAsync(client, "/Staff/Activities/Create", Fields(theirs, kind, name));
        Assert.Equal(HttpStatusCode.OK, badPhone.StatusCode);
        Assert.Contains(LocalActivity.Messages.ContactPhoneInvalid, await badPhone.Content.ReadAsStringAsync());
        Assert.Contains(LocalActivities.Messages.AreaUnknown, await otherDistrict.Content.ReadAsStringAsync());
        Assert.False(await _app.WithDbAsync(db => db.LocalActivities.AnyAsync(a => a.Name == name)));

        await Forms.SubmitAsync(client, "/Staff/Activities/Create", Fields(mine, kind, name));
        var id = await _app.WithDbAsync(db => db.LocalActivities.Where(a => a.Name == name).Select(a => a.Id).SingleAsync());
        var zero = await Forms.PostAsync(client, $"/Staff/Activities/{id}", new Dictionary<string, string> { ["Need.Helpers"] = "0" }, $"/Staff/Activities/{id}?handler=Need");
        var unknown = await Forms.PostAsync(client, $"/Staff/Activities/{id}", new Dictionary<string, string> { ["Need.Helpers"] = "1", ["Need.QualificationTypeId"] = "999999" },
            $"/Staff/Activities/{id}?handler=Need");

        Assert.Contains(ActivityNeed.Messages.HelpersInvalid, await zero.Content.ReadAsStringAsync());
        Assert.Contains(ActivityNeed.Messages.QualificationUnknown, await unknown.Content.ReadAsStringAsync());
        Assert.Equal(0, await _app.WithDbAsync(db => db.ActivityNeeds.CountAsync(n => n.LocalActivityId == id)));
    }

    [Fact]
    public async Task An_administrator_adds_renames_and_retires_a_kind_and_a_retired_kind_leaves_the_choices()
    {
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var name = $"配食{_tag}";

        var added = await Forms.PostAsync(client, "/Staff/Admin/ActivityKinds", new Dictionary<string, string> { ["Name"] = name, ["SortOrder"] = "50" }, "/Staff/Admin/ActivityKinds?handler=Save");
        var id = await KindIdAsync(_app, name);
        var renamed = await Forms.PostAsync(client, "/Staff/Admin/ActivityKinds", new Dictionary<string, string> { ["Name"] = name + "支援", ["SortOrder"] = "51" },
            $"/Staff/Admin/ActivityKinds?handler=Save&id={id}");
        var taken = await Forms.PostAsync(client, "/Staff/Admin/ActivityKinds", new Dictionary<string, string> { ["Name"] = "サロン", ["SortOrder"] = "1" },
            $"/Staff/Admin/ActivityKinds?handler=Save&id={id}");
        var retired = await Forms.PostAsync(client, "/Staff/Admin/ActivityKinds", new Dictionary<string, string> { ["active"] = "false" }, $"/Staff/Admin/ActivityKinds?handler=Active&id={id}");
        var form = await client.GetStringAsync("/Staff/Activities/Create");

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Contains(ActivityKind.Messages.NameTaken, await taken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, retired.StatusCode);
        var kind = await _app.WithDbAsync(db => db.ActivityKinds.SingleAsync(k => k.Id == id));
        Assert.Equal((name + "支援", 51, false), (kind.Name, kind.SortOrder, kind.IsActive));
        Assert.DoesNotContain(name, form);
        Assert.Contains("通院付き添い", form);
    }
}
