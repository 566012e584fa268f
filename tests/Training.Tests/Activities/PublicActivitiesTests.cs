using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Configuration;
using Training.Organisations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>
/// The districts' public lists of local activities through the app: the page, its PDF for the 回覧板 and the API show a
/// district's listed, running activities and the city-wide ones — never another district's, never a resident's data —
/// a change shows at once through the cache, kinds read in English on English pages, and an activity's edit is refused
/// when someone else saved it after the form was opened.
/// </summary>
public sealed class PublicActivitiesTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    private sealed record Seeded(int Mine, int Theirs, int Listed, int CityWide, string Leader, string LeaderPhone);

    private static ActivityInput Input(string name, string kana, int kindId, int? areaId, bool listed, string contact = "代表 山田", string schedule = "毎月第2水曜 10:00〜12:00") => new()
    {
        Name = name, NameKana = kana, KindId = kindId, AreaId = areaId, Schedule = schedule, Venue = "穂坂公民館", Address = "韮崎市穂坂町宮久保1234",
        ContactName = contact, ContactPhone = "0551-22-3456", ListedPublicly = listed,
    };

    /// <summary>
    /// Two districts of this test's own; in the first a listed activity led by a resident on record (whose name and
    /// phone must never show), one not listed and one ended; a listed one in the second; a listed city-wide one.
    /// </summary>
    private async Task<Seeded> SeedAsync()
    {
        var leaderPhone = $"0551-{Random.Shared.Next(10, 99)}-{Random.Shared.Next(1000, 9999)}";
        return await _app.WithDbAsync(async db =>
        {
            var mine = new Area { Code = $"pm-{_tag}", Name = $"穂坂{_tag}", NameKana = "ほさか" };
            var theirs = new Area { Code = $"pt-{_tag}", Name = $"竜岡{_tag}", NameKana = "たつおか" };
            db.Areas.AddRange(mine, theirs);
            var leader = new PersonBuilder().Named($"秘密{_tag}", "花子", "ひみつ", "はなこ").WithPhone(leaderPhone).Build();
            db.People.Add(leader);
            await db.SaveChangesAsync();
            var salon = await db.ActivityKinds.Where(k => k.Name == "サロン").Select(k => k.Id).SingleAsync();
            var watch = await db.ActivityKinds.Where(k => k.Name == "見守り").Select(k => k.Id).SingleAsync();
            var listed = LocalActivity.Create(Input($"ひだまり{_tag}", "ひだまり", salon, mine.Id, listed: true, contact: "𠮷田 代表"));
            var hidden = LocalActivity.Create(Input($"非公開{_tag}", "ひこうかい", salon, mine.Id, listed: false));
            var ended = LocalActivity.Create(Input($"終了{_tag}", "しゅうりょう", salon, mine.Id, listed: true));
            var other = LocalActivity.Create(Input($"よその{_tag}", "よその", watch, theirs.Id, listed: true));
            var cityWide = LocalActivity.Create(Input($"市全域の会{_tag}", "しぜんいきのかい", watch, null, listed: true));
            db.LocalActivities.AddRange(listed, hidden, ended, other, cityWide);
            await db.SaveChangesAsync();
            listed.SetLeader(leader.Id);
            ended.SetActive(false);
            await db.SaveChangesAsync();
            return new Seeded(mine.Id, theirs.Id, listed.Id, cityWide.Id, leader.FamilyName, leaderPhone);
        });
    }

    /// <summary>An anonymous visitor who chose English with the site's switch.</summary>
    private async Task<HttpClient> EnglishAsync()
    {
        var client = _app.CreateClient();
        await client.GetAsync("/Culture?culture=en&returnUrl=%2F");
        return client;
    }

    [Fact]
    public async Task A_districts_page_lists_its_listed_running_activities_and_the_city_wide_ones_in_their_own_section_never_another_districts()
    {
        var seeded = await SeedAsync();
        var client = _app.CreateClient();

        var page = await client.GetStringAsync(SiteLinks.DistrictActivities(seeded.Mine));
        var chooser = await client.GetStringAsync("/Activities");

        Assert.Contains($"ひだまり{_tag}", page);
        Assert.Contains("毎月第2水曜 10:00〜12:00", page);
        Assert.Contains("穂坂公民館", page);
        Assert.Contains("tel:0551223456", page);
        Assert.DoesNotContain($"非公開{_tag}", page);
        Assert.DoesNotContain($"終了{_tag}", page);
        Assert.DoesNotContain($"よその{_tag}", page);
        Assert.True(page.IndexOf("citywide-heading\"", StringComparison.Ordinal) < page.IndexOf($"市全域の会{_tag}", StringComparison.Ordinal),
            "the city-wide activity is listed under its own heading");
        Assert.True(page.IndexOf($"ひだまり{_tag}", StringComparison.Ordinal) < page.IndexOf("citywide-heading\"", StringComparison.Ordinal));
        Assert.Contains(SiteLinks.DistrictActivitiesPdf(seeded.Mine), page);
        Assert.Contains($"穂坂{_tag}", chooser);
        Assert.Contains($"href=\"{SiteLinks.DistrictActivities(seeded.Mine)}\"", chooser);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Activities/999999")).StatusCode);
    }

    [Fact]
    public async Task An_anonymous_visitor_sees_nothing_of_the_resident_who_leads_an_activity_only_the_contact_the_coordinator_typed()
    {
        var seeded = await SeedAsync();
        var client = _app.CreateClient();

        var page = await client.GetStringAsync(SiteLinks.DistrictActivities(seeded.Mine));
        var api = await client.GetStringAsync($"/api/v1/activities?area={seeded.Mine}");
        var pdf = PdfText(await client.GetByteArrayAsync(SiteLinks.DistrictActivitiesPdf(seeded.Mine)));

        Assert.All(new[] { page, api, pdf }, text =>
        {
            Assert.DoesNotContain(seeded.Leader, text);
            Assert.DoesNotContain(seeded.LeaderPhone, text);
            Assert.DoesNotContain("LeaderPersonId", text, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Contains("代表", page);
        Assert.DoesNotContain("leader", api, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_cached_page_shows_an_activitys_change_at_once()
    {
        var seeded = await SeedAsync();
        var anonymous = _app.CreateClient();
        var before = await anonymous.GetStringAsync(SiteLinks.DistrictActivities(seeded.Mine));
        var cachedAgain = await anonymous.GetStringAsync(SiteLinks.DistrictActivities(seeded.Mine));
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var edited = await Forms.SubmitAsync(admin, $"/Staff/Activities/{seeded.Listed}/Edit", Listed(new() { ["Input.Schedule"] = $"毎週金曜 14:00〜{_tag}" }));
        var after = await anonymous.GetStringAsync(SiteLinks.DistrictActivities(seeded.Mine));
        var unlisted = await Forms.SubmitAsync(admin, $"/Staff/Activities/{seeded.CityWide}/Edit", new Dictionary<string, string> { ["Input.ListedPublicly"] = "false" });
        var afterUnlisting = await anonymous.GetStringAsync(SiteLinks.DistrictActivities(seeded.Theirs));

        Assert.Equal(before, cachedAgain);
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.DoesNotContain($"毎週金曜 14:00〜{_tag}", before);
        Assert.Contains($"毎週金曜 14:00〜{_tag}", after);
        Assert.Equal(HttpStatusCode.Redirect, unlisted.StatusCode);
        Assert.DoesNotContain($"市全域の会{_tag}", afterUnlisting);
    }

    [Fact]
    public async Task The_pdf_for_the_circular_lists_the_activities_names_the_office_and_the_day_printed_and_reads_in_english_too()
    {
        var seeded = await SeedAsync();
        var office = await _app.WithDbAsync(db => db.Organisations.Where(o => o.Phone != null && o.Phone != "").Select(o => o.Phone).FirstOrDefaultAsync());

        var response = await _app.CreateClient().GetAsync(SiteLinks.DistrictActivitiesPdf(seeded.Mine));
        var japanese = PdfText(await response.Content.ReadAsByteArrayAsync());
        var english = PdfText(await (await EnglishAsync()).GetByteArrayAsync(SiteLinks.DistrictActivitiesPdf(seeded.Mine)));

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"穂坂{_tag}の地域の活動", japanese);
        Assert.Contains($"ひだまり{_tag}", japanese);
        Assert.Contains($"市全域の会{_tag}", japanese);
        Assert.Contains("0551-22-3456", japanese);
        Assert.Contains("［サロン］", japanese);
        Assert.Contains("作成", japanese);
        Assert.Contains("お問い合わせ", japanese);
        if (office is not null) Assert.Contains(office, japanese);
        else Assert.Contains(new SiteOptions().ContactPhone, japanese);
        Assert.DoesNotContain($"よその{_tag}", japanese);
        Assert.DoesNotContain($"非公開{_tag}", japanese);
        if (new DocumentsOptions().Fallbacks().Any(File.Exists)) Assert.Contains("𠮷田", japanese);
        Assert.Contains($"Local activities: 穂坂{_tag}", english);
        Assert.Contains("[Salon]", english);
        Assert.Contains("[Watching over neighbours]", english);
        Assert.Contains("Printed", english);
    }

    [Fact]
    public async Task More_activities_than_fit_flow_on_to_further_pages_with_long_names_kept_whole()
    {
        var seeded = await SeedAsync();
        var longName = $"みんなで支え合う高齢者の見守りと声かけの会東部西部北部合同{_tag}";
        await _app.WithDbAsync(async db =>
        {
            var salon = await db.ActivityKinds.Where(k => k.Name == "サロン").Select(k => k.Id).SingleAsync();
            for (var i = 0; i < 18; i++) db.LocalActivities.Add(LocalActivity.Create(Input($"集まり{i:D2}{_tag}", "あつまり" + (char)('あ' + i), salon, seeded.Mine, listed: true)));
            db.LocalActivities.Add(LocalActivity.Create(Input(longName, "んんん", salon, seeded.Mine, listed: true)));
            await db.SaveChangesAsync();
        });

        var bytes = await _app.CreateClient().GetByteArrayAsync(SiteLinks.DistrictActivitiesPdf(seeded.Mine));

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        Assert.True(pdf.NumberOfPages >= 2, $"{pdf.NumberOfPages} page(s)");
        foreach (var page in pdf.GetPages())
            Assert.All(page.Letters, l => Assert.True(l.BoundingBox.Left >= 0 && l.BoundingBox.Right <= page.Width + 0.5 && l.BoundingBox.Bottom >= 0,
                $"page {page.Number}: {l.Value} at {l.BoundingBox}"));
        var text = PdfText(bytes);
        Assert.Contains("（つづき）", text);
        for (var i = 0; i < 18; i++) Assert.Contains($"集まり{i:D2}{_tag}", text);
        Assert.Contains(longName, text.Replace("\n", ""));
    }

    [Fact]
    public async Task The_api_lists_a_districts_activities_with_both_kind_names_and_answers_an_unknown_area_with_a_problem()
    {
        var seeded = await SeedAsync();
        var client = _app.CreateClient();

        var json = await client.GetFromJsonAsync<JsonElement>($"/api/v1/activities?area={seeded.Mine}");
        var unknown = await client.GetAsync("/api/v1/activities?area=999999");
        var missing = await client.GetAsync("/api/v1/activities");

        var activities = json.GetProperty("activities").EnumerateArray().ToList();
        var names = activities.Select(a => a.GetProperty("name").GetString()).ToList();
        Assert.Equal(seeded.Mine, json.GetProperty("area").GetProperty("id").GetInt32());
        Assert.Contains($"ひだまり{_tag}", names);
        Assert.Contains($"市全域の会{_tag}", names);
        Assert.DoesNotContain($"よその{_tag}", names);
        Assert.DoesNotContain($"非公開{_tag}", names);
        Assert.DoesNotContain($"終了{_tag}", names);
        Assert.True(names.IndexOf($"ひだまり{_tag}") < names.IndexOf($"市全域の会{_tag}"), "the district's own come first");
        var salon = activities.Single(a => a.GetProperty("name").GetString() == $"ひだまり{_tag}");
        Assert.Equal(("サロン", "Salon", false, "0551-22-3456"), (salon.GetProperty("kind").GetString(), salon.GetProperty("kindEn").GetString(),
            salon.GetProperty("cityWide").GetBoolean(), salon.GetProperty("contactPhone").GetString()));
        Assert.True(activities.Single(a => a.GetProperty("name").GetString() == $"市全域の会{_tag}").GetProperty("cityWide").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task English_pages_name_kinds_in_english_and_fall_back_to_the_japanese_where_none_is_set()
    {
        var seeded = await SeedAsync();
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var kindName = $"配食{_tag}";
        await Forms.PostAsync(admin, "/Staff/Admin/ActivityKinds", new Dictionary<string, string> { ["Name"] = kindName, ["SortOrder"] = "60" }, "/Staff/Admin/ActivityKinds?handler=Save");
        var kindId = await _app.WithDbAsync(db => db.ActivityKinds.Where(k => k.Name == kindName).Select(k => k.Id).SingleAsync());
        await _app.WithDbAsync(async db =>
        {
            db.LocalActivities.Add(LocalActivity.Create(Input($"お弁当{_tag}", "おべんとう", kindId, seeded.Mine, listed: true)));
            await db.SaveChangesAsync();
        });

        var withoutEnglish = await (await EnglishAsync()).GetStringAsync(SiteLinks.DistrictActivities(seeded.Mine));
        var named = await Forms.PostAsync(admin, "/Staff/Admin/ActivityKinds", new Dictionary<string, string> { ["Name"] = kindName, ["NameEn"] = $"Meal delivery {_tag}", ["SortOrder"] = "60" },
            $"/Staff/Admin/ActivityKinds?handler=Save&id={kindId}");
        var refused = await Forms.PostAsync(admin, "/Staff/Admin/ActivityKinds", new Dictionary<string, string> { ["Name"] = kindName, ["NameEn"] = "配食サービス", ["SortOrder"] = "60" },
            $"/Staff/Admin/ActivityKinds?handler=Save&id={kindId}");
        var withEnglish = await (await EnglishAsync()).GetStringAsync(SiteLinks.DistrictActivities(seeded.Mine));
        var japanese = await _app.CreateClient().GetStringAsync(SiteLinks.DistrictActivities(seeded.Mine));
        var kindsPage = await admin.GetStringAsync("/Staff/Admin/ActivityKinds");

        Assert.Contains($">{kindName}<", withoutEnglish);
        Assert.Contains(">Salon<", withoutEnglish);
        Assert.Equal(HttpStatusCode.Redirect, named.StatusCode);
        Assert.Contains(ActivityKind.Messages.NameEnInvalid, await refused.Content.ReadAsStringAsync());
        Assert.Contains($">Meal delivery {_tag}<", withEnglish);
        Assert.Contains($">{kindName}<", japanese);
        Assert.DoesNotContain($"Meal delivery {_tag}", japanese);
        Assert.Contains($"Meal delivery {_tag}", kindsPage);
        Assert.Equal($"Meal delivery {_tag}", await _app.WithDbAsync(db => db.ActivityKinds.Where(k => k.Id == kindId).Select(k => k.NameEn).SingleAsync()));
    }

    [Fact]
    public async Task An_edit_opened_before_someone_else_saved_the_activity_is_refused_saying_what_they_changed_and_nothing_is_overwritten()
    {
        var seeded = await SeedAsync();
        var mine = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var colleague = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var url = $"/Staff/Activities/{seeded.Listed}/Edit";
        var opened = await mine.GetStringAsync(url);

        var theirs = await Forms.SubmitAsync(colleague, url, Listed(new() { ["Input.Venue"] = $"新しい会場{_tag}" }));
        var refused = await Forms.SubmitAsync(mine, opened, url, Listed(new() { ["Input.Schedule"] = "毎週月曜" }));
        var refusedPage = await refused.Content.ReadAsStringAsync();
        var again = await Forms.SubmitAsync(mine, refusedPage, url, Listed(new() { ["Input.Schedule"] = "毎週月曜" }));

        Assert.Equal(HttpStatusCode.Redirect, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("ほかの方が変更しました（会場）", refusedPage);
        Assert.Contains("保存していません", refusedPage);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var activity = await _app.WithDbAsync(db => db.LocalActivities.SingleAsync(a => a.Id == seeded.Listed));
        Assert.Equal("毎週月曜", activity.Schedule);
        var edits = await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == "LocalActivity" && e.EntityId == seeded.Listed.ToString() && e.Action == "activity-edit"));
        Assert.Equal(2, edits);
    }

    /// <summary>
    /// The fields typed, with the listed box still ticked as a browser sends it (the first of the box and its hidden
    /// "false"); the test's form reader would otherwise send the hidden value alone.
    /// </summary>
    private static Dictionary<string, string> Listed(Dictionary<string, string> typed) => new(typed) { ["Input.ListedPublicly"] = "true" };

    private static string PdfText(byte[] bytes)
    {
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        return string.Join("\n", pdf.GetPages().Select(p => string.Concat(p.Letters.Select(l => l.Value))));
    }
}
