using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Activities;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>Matching through the app: who is suggested for a need, in which order and why, and who never is.</summary>
public sealed class MatchingTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    private async Task<MatchResult.Found> SuggestAsync(MatchingSeed seed, params int[] staffAreas)
    {
        await using var scope = _app.Scope();
        return Assert.IsType<MatchResult.Found>(await scope.ServiceProvider.GetRequiredService<Matching>().SuggestAsync(seed.NeedId, staffAreas));
    }

    /// <summary>Refused: 403, or sent to the access-denied page.</summary>
    internal static bool Denied(HttpResponseMessage r) =>
        r.StatusCode is HttpStatusCode.Forbidden || r.Headers.Location?.OriginalString.Contains("AccessDenied", StringComparison.Ordinal) == true;

    [Fact]
    public async Task Candidates_are_ranked_by_district_interest_days_and_qualification_with_the_reasons_given()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var plain = await seed.HelperAsync("一郎", "いちろう", areaId: seed.Theirs);
        var best = await seed.HelperAsync("花子", "はなこ", areaId: seed.Theirs,
            profile: new HelperProfileInput { AreaIds = [seed.Mine], Days = Weekdays.Wednesday | Weekdays.Friday, KindIds = [seed.KindId] });
        var local = await seed.HelperAsync("次郎", "じろう");

        var found = await SuggestAsync(seed);

        Assert.Equal([best, local, plain], found.Candidates.Select(c => c.PersonId));
        Assert.Equal([MatchReasonKind.SameDistrict, MatchReasonKind.Interest, MatchReasonKind.Days, MatchReasonKind.Qualification, MatchReasonKind.FewActivities,
            MatchReasonKind.RecentlyTrained], found.Candidates[0].Reasons.Select(r => r.Kind));
        Assert.Equal(Weekdays.Wednesday, found.Candidates[0].Reasons[2].Days);
        Assert.Contains(found.Candidates[1].Reasons, r => r.Kind == MatchReasonKind.SameDistrict);
        Assert.DoesNotContain(found.Candidates[2].Reasons, r => r.Kind is MatchReasonKind.SameDistrict or MatchReasonKind.Interest);
        Assert.Equal(3, found.Total);
    }

    [Fact]
    public async Task Someone_active_in_many_activities_ranks_below_an_equal_helper_who_is_not()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var busy = await seed.HelperAsync("一郎", "あいうえお");
        var free = await seed.HelperAsync("次郎", "わをん");
        await _app.WithDbAsync(async db =>
        {
            var kind = seed.KindId;
            for (var i = 0; i < Matching.ManyActivities; i++)
            {
                var other = LocalActivity.Create(new ActivityInput { Name = $"別の活動{i}{_tag}", NameKana = "べつ", KindId = kind, AreaId = seed.Mine, Schedule = "毎週", ContactName = "山田", ContactPhone = "0551-22-1111" });
                db.LocalActivities.Add(other);
                await db.SaveChangesAsync();
                var day = DateOnly.FromDateTime(MatchingSeed.Now.AddDays(-10 - i));
                var start = MatchingSeed.Now.AddDays(-10 - i);
                db.ActivityRecords.Add(ActivityRecord.Create(busy, other.Id, new RecordInput { Date = day, StartTime = new TimeOnly(1, 0), Minutes = 60, Visits = 1 }, start,
                    RecordSource.Staff, "staff", MatchingSeed.Now));
            }
            await db.SaveChangesAsync();
        });

        var found = await SuggestAsync(seed);

        Assert.Equal([free, busy], found.Candidates.Select(c => c.PersonId));
        Assert.DoesNotContain(found.Candidates[1].Reasons, r => r.Kind == MatchReasonKind.FewActivities);
        Assert.Contains(found.Candidates[0].Reasons, r => r.Kind == MatchReasonKind.FewActivities && r.Count is null);
    }

    [Fact]
    public async Task Nobody_without_consent_or_with_it_withdrawn_or_with_an_expired_or_withdrawn_qualification_or_anonymised_or_already_introduced_is_suggested()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var suggested = await seed.HelperAsync("可", "か");
        var never = new[]
        {
            await seed.HelperAsync("同意なし", "どういなし", consent: null),
            await seed.HelperAsync("取消", "とりけし", consent: false),
            await seed.HelperAsync("期限", "きげん", expires: MatchingSeed.Now.AddMinutes(-1)),
            await seed.HelperAsync("取下", "とりさげ", withdrawn: true),
            await seed.HelperAsync("無資格", "むしかく", holds: false),
            await seed.HelperAsync("削除", "さくじょ"),
            await seed.HelperAsync("紹介済", "しょうかいずみ"),
        };
        await _app.WithDbAsync(async db =>
        {
            (await db.People.SingleAsync(p => p.Id == never[5])).Anonymise(MatchingSeed.Now);
            var need = await db.ActivityNeeds.SingleAsync(n => n.Id == seed.NeedId);
            db.Introductions.Add(Introduction.Create(need, never[6], null, null, MatchingSeed.Now, DateOnly.FromDateTime(MatchingSeed.Now)));
            await db.SaveChangesAsync();
        });

        var found = await SuggestAsync(seed);

        Assert.Equal([suggested], found.Candidates.Select(c => c.PersonId));
    }

    [Fact]
    public async Task A_coordinator_is_suggested_only_residents_they_reach_and_another_districts_coordinator_is_refused_the_list()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var mine = await seed.HelperAsync("地元", "じもと");
        var elsewhere = await seed.HelperAsync("よそ", "よそ", areaId: seed.Theirs,
            profile: new HelperProfileInput { AreaIds = [seed.Mine], KindIds = [seed.KindId], Days = Weekdays.Wednesday });
        var client = await seed.CoordinatorAsync();
        var other = await seed.CoordinatorAsync(ofTheirs: true);

        var scoped = await SuggestAsync(seed, seed.Mine);
        var page = await client.GetStringAsync($"/Staff/Activities/{seed.ActivityId}/Needs/{seed.NeedId}/Candidates");
        var refused = await other.GetAsync($"/Staff/Activities/{seed.ActivityId}/Needs/{seed.NeedId}/Candidates");
        var everyone = await SuggestAsync(seed);

        Assert.Equal([mine], scoped.Candidates.Select(c => c.PersonId));
        Assert.Contains($"data-person=\"{mine}\"", page);
        Assert.DoesNotContain($"data-person=\"{elsewhere}\"", page);
        Assert.Contains("活動と同じ地区で活動できる", page);
        Assert.True(Denied(refused));
        Assert.Equal([elsewhere, mine], everyone.Candidates.Select(c => c.PersonId));
    }

    [Fact]
    public async Task A_resident_who_withdraws_the_consent_on_their_own_page_is_no_longer_suggested_at_once()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var person = await seed.HelperAsync("本人", "ほんにん");
        var token = await _app.WithDbAsync(db => db.People.Where(p => p.Id == person).Select(p => p.AccessToken).SingleAsync());
        var client = _app.CreateBrowserLikeClient();
        var before = await SuggestAsync(seed);

        var withdrawn = await Forms.PostAsync(client, $"/My/{token}/Helper",
            new Dictionary<string, string> { ["purpose"] = nameof(ConsentPurpose.ActivitySuggestions), ["granted"] = "false" }, $"/My/{token}/Helper?handler=Consent");
        var after = await SuggestAsync(seed);

        Assert.Contains(before.Candidates, c => c.PersonId == person);
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.DoesNotContain(after.Candidates, c => c.PersonId == person);
        var latest = await _app.WithDbAsync(db => db.Consents.Where(c => c.PersonId == person && c.Purpose == ConsentPurpose.ActivitySuggestions)
            .OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).FirstAsync());
        Assert.Equal((false, ContactChannel.Web, PersonContacts.SuggestionConsentWording, (string?)null), (latest.Granted, latest.Channel, latest.Wording, latest.RecordedByStaffId));
    }

    [Fact]
    public async Task A_resident_writes_their_profile_on_their_own_page_and_staff_correct_it_each_audited()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var person = await seed.HelperAsync("希望", "きぼう");
        var token = await _app.WithDbAsync(db => db.People.Where(p => p.Id == person).Select(p => p.AccessToken).SingleAsync());
        var resident = _app.CreateBrowserLikeClient();
        var client = await seed.CoordinatorAsync();

        var typed = await Forms.PostAsync(resident, $"/My/{token}/Helper", new Dictionary<string, string>
        {
            ["Input.AreaIds"] = seed.Mine.ToString(), ["Days"] = "Wednesday", ["Input.Times"] = "午前中", ["Input.KindIds"] = seed.KindId.ToString(),
        });
        var tooLong = await Forms.PostAsync(client, $"/Staff/People/{person}/Helper", new Dictionary<string, string> { ["Input.Note"] = new string('あ', 501) });
        var corrected = await Forms.PostAsync(client, $"/Staff/People/{person}/Helper", new Dictionary<string, string>
        {
            ["Input.AreaIds"] = seed.Mine.ToString(), ["Days"] = "Friday", ["Input.Times"] = "午前中", ["Input.KindIds"] = seed.KindId.ToString(), ["Input.Note"] = "車あり",
        });
        var page = await client.GetStringAsync($"/Staff/People/{person}/Helper");
        var otherDistrict = await (await seed.CoordinatorAsync(ofTheirs: true)).GetAsync($"/Staff/People/{person}/Helper");

        Assert.Equal(HttpStatusCode.Redirect, typed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Contains(HelperProfile.Messages.NoteTooLong, await tooLong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        var profile = await _app.WithDbAsync(db => db.HelperProfiles.Include(h => h.Areas).Include(h => h.Kinds).SingleAsync(h => h.PersonId == person));
        Assert.Equal((Weekdays.Friday, "車あり", seed.Mine, seed.KindId), (profile.Days, profile.Note, profile.Areas.Single().AreaId, profile.Kinds.Single().ActivityKindId));
        Assert.Contains("有効期限", page);
        Assert.True(Denied(otherDistrict));
        var audits = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.PersonId == person && e.Action == "helper-profile-save")
            .OrderBy(e => e.Id).Select(e => new { e.StaffUserName, e.Details }).ToListAsync());
        Assert.Equal(2, audits.Count);
        Assert.Equal(Actor.ResidentName, audits[0].StaffUserName);
        Assert.Equal("曜日、メモ", audits[1].Details);
    }

    [Fact]
    public async Task Staff_record_and_withdraw_a_consent_on_the_persons_word_saying_how_and_matching_follows()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var person = await seed.HelperAsync("電話", "でんわ", consent: null);
        var client = await seed.CoordinatorAsync();
        var url = $"/Staff/People/{person}/Helper";

        var given = await Forms.PostAsync(client, url, new Dictionary<string, string> { ["purpose"] = "ActivitySuggestions", ["granted"] = "true", ["channel"] = "Phone" }, url + "?handler=Consent");
        var whileGiven = await SuggestAsync(seed);
        var withdrawn = await Forms.PostAsync(client, url, new Dictionary<string, string> { ["purpose"] = "ActivitySuggestions", ["granted"] = "false", ["channel"] = "Paper" }, url + "?handler=Consent");
        var afterwards = await SuggestAsync(seed);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (given.StatusCode, withdrawn.StatusCode));
        Assert.Contains(whileGiven.Candidates, c => c.PersonId == person);
        Assert.DoesNotContain(afterwards.Candidates, c => c.PersonId == person);
        var consents = await _app.WithDbAsync(db => db.Consents.Where(c => c.PersonId == person).OrderBy(c => c.Id).Select(c => new { c.Granted, c.Channel, c.RecordedByStaffId }).ToListAsync());
        Assert.Equal([(true, ContactChannel.Phone), (false, ContactChannel.Paper)], consents.Select(c => (c.Granted, c.Channel)));
        Assert.All(consents, c => Assert.NotNull(c.RecordedByStaffId));
    }
}
