using System.Net;
using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Organisations;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>Introductions through the app: who is told and how, outcomes and their history, and the organiser's contact only after agreement.</summary>
public sealed class IntroductionTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    private static string IntroduceUrl(MatchingSeed seed, int person) => $"/Staff/Activities/{seed.ActivityId}/Needs/{seed.NeedId}/Introduce/{person}";

    private async Task<int> IntroduceAsync(HttpClient client, MatchingSeed seed, int person, string followUpOn)
    {
        var response = await Forms.PostAsync(client, IntroduceUrl(seed, person), new Dictionary<string, string> { ["FollowUpOn"] = followUpOn });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await _app.WithDbAsync(db => db.Introductions.Where(i => i.NeedId == seed.NeedId && i.PersonId == person).Select(i => i.Id).SingleAsync());
    }

    [Fact]
    public async Task Introducing_someone_without_email_says_so_first_and_puts_a_call_on_the_list_for_the_follow_up_date()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var person = await seed.HelperAsync("電話", "でんわ");
        var client = await seed.CoordinatorAsync();

        var confirmation = await client.GetStringAsync(IntroduceUrl(seed, person));
        var id = await IntroduceAsync(client, seed, person, "2026-12-14");

        Assert.Contains("メールがないため、次に確かめる日の電話連絡の一覧に載ります", confirmation);
        var call = await _app.WithDbAsync(db => db.CallList.SingleAsync(c => c.PersonId == person));
        Assert.Equal((Introductions.CallKind, new DateOnly(2026, 12, 14)), (call.Kind, call.DueOn));
        Assert.Contains($"見守り隊{_tag}", call.Message);
        Assert.False(await _app.WithDbAsync(db => db.OutboundEmails.AnyAsync(e => e.PersonId == person)));
        Assert.Equal(IntroductionOutcome.Pending, await _app.WithDbAsync(db => db.Introductions.Where(i => i.Id == id).Select(i => i.Outcome).SingleAsync()));
    }

    [Fact]
    public async Task Introducing_someone_with_email_says_so_first_and_sends_them_the_activity_once_through_the_outbox()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var person = await seed.HelperAsync("メール", "めーる", email: $"helper-{_tag}@example.jp");
        var client = await seed.CoordinatorAsync();

        var confirmation = await client.GetStringAsync(IntroduceUrl(seed, person));
        var id = await IntroduceAsync(client, seed, person, "2026-12-21");
        var again = await Forms.PostAsync(client, $"/Staff/Activities/{seed.ActivityId}", new Dictionary<string, string>(), IntroduceUrl(seed, person));

        Assert.Contains("登録のメールアドレスへ活動の紹介", confirmation);
        var email = await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.PersonId == person));
        Assert.Equal(($"activity-introduction:{id}", $"helper-{_tag}@example.jp"), (email.IdempotencyKey, email.ToAddress));
        Assert.Contains("毎週水曜 10:00〜12:00", email.TextBody);
        Assert.Contains("0551-22-1111", email.TextBody);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(Introductions.Messages.NotEligible, await again.Content.ReadAsStringAsync());
        Assert.False(await _app.WithDbAsync(db => db.CallList.AnyAsync(c => c.PersonId == person)));
    }

    [Fact]
    public async Task An_outcome_is_recorded_and_corrected_each_change_audited_and_a_new_follow_up_without_email_is_a_call_and_joined_shows_as_a_helper()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var person = await seed.HelperAsync("結果", "けっか");
        var client = await seed.CoordinatorAsync();
        var id = await IntroduceAsync(client, seed, person, "2026-12-08");
        var url = $"/Staff/Activities/Introductions/{id}";

        await Forms.PostAsync(client, url, new Dictionary<string, string> { ["outcome"] = "NoAnswer", ["followUpOn"] = "2026-12-15" }, url + "?handler=Outcome");
        var past = await Forms.PostAsync(client, url, new Dictionary<string, string> { ["outcome"] = "NoAnswer", ["followUpOn"] = "2026-12-01" }, url + "?handler=Outcome");
        var refusal = await client.GetStringAsync(url);
        await Forms.PostAsync(client, url, new Dictionary<string, string> { ["outcome"] = "Declined", ["followUpOn"] = "" }, url + "?handler=Outcome");
        await Forms.PostAsync(client, url, new Dictionary<string, string> { ["outcome"] = "Joined", ["followUpOn"] = "" }, url + "?handler=Outcome");
        var activityPage = await client.GetStringAsync($"/Staff/Activities/{seed.ActivityId}");
        var page = await client.GetStringAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, past.StatusCode);
        var introduction = await _app.WithDbAsync(db => db.Introductions.SingleAsync(i => i.Id == id));
        Assert.Equal((IntroductionOutcome.Joined, (DateOnly?)null), (introduction.Outcome, introduction.FollowUpOn));
        var details = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "Introduction" && e.EntityId == id.ToString() && e.Action == "introduction-outcome")
            .OrderBy(e => e.Id).Select(e => e.Details).ToListAsync());
        Assert.Equal(["返事待ち → 応答なし; 次に確かめる日 2026-12-08 → 2026-12-15", "応答なし → 断った; 次に確かめる日 2026-12-15 → —", "断った → 参加した; 次に確かめる日 — → —"], details);
        var calls = await _app.WithDbAsync(db => db.CallList.Where(c => c.PersonId == person).OrderBy(c => c.DueOn).Select(c => c.DueOn).ToListAsync());
        Assert.Equal([new DateOnly(2026, 12, 8), new DateOnly(2026, 12, 15)], calls);
        Assert.Contains("data-testid=\"helpers\"", activityPage);
        Assert.Contains("見守 結果", activityPage);
        Assert.Contains(Introduction.Messages.FollowUpPast, refusal);
        Assert.Contains("参加した", page);
    }

    [Fact]
    public async Task The_organiser_gets_no_contact_before_the_helper_agreed_and_the_agreement_and_hand_over_are_recorded()
    {
        var organisation = await _app.WithDbAsync(async db =>
        {
            var o = new Organisation { Name = $"見守りの会{_tag}", Kind = OrganisationKind.Other, Email = $"org-{_tag}@example.jp" };
            db.Organisations.Add(o);
            await db.SaveChangesAsync();
            return o.Id;
        });
        var seed = await new MatchingSeed(_app, _tag).CreateAsync(organisation);
        var person = await seed.HelperAsync("連絡", "れんらく", email: $"contact-{_tag}@example.jp");
        var client = await seed.CoordinatorAsync();
        var id = await IntroduceAsync(client, seed, person, "2026-12-10");
        var url = $"/Staff/Activities/Introductions/{id}";

        var tooEarly = await Forms.PostAsync(client, url, new Dictionary<string, string>(), url + "?handler=SendContact");
        var beforePage = await client.GetStringAsync(url);
        var toOrganiserBefore = await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.ToAddress == $"org-{_tag}@example.jp"));
        await Forms.PostAsync(client, url, new Dictionary<string, string> { ["channel"] = "Phone" }, url + "?handler=Agreement");
        var sent = await Forms.PostAsync(client, url, new Dictionary<string, string>(), url + "?handler=SendContact");

        Assert.Equal(HttpStatusCode.Redirect, tooEarly.StatusCode);
        Assert.Contains(Introduction.Messages.NotAgreed, beforePage);
        Assert.DoesNotContain("0551-33-4444", beforePage);
        Assert.DoesNotContain($"contact-{_tag}@example.jp", beforePage);
        Assert.Equal(0, toOrganiserBefore);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var email = await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.ToAddress == $"org-{_tag}@example.jp"));
        Assert.Contains("0551-33-4444", email.TextBody);
        var introduction = await _app.WithDbAsync(db => db.Introductions.SingleAsync(i => i.Id == id));
        Assert.Equal((ContactChannel.Phone, ContactHandOver.Email), (introduction.AgreedVia, introduction.ContactSentVia));
        Assert.True(await _app.WithDbAsync(db => db.Consents.AnyAsync(c => c.PersonId == person && c.Purpose == ConsentPurpose.SharingWithActivityGroups && c.Granted
            && c.Wording == PersonContacts.SharingConsentWording)));
        var actions = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "Introduction" && e.EntityId == id.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Equal(["introduction-agreement", "introduction-contact-sent", "introduction-create"], actions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task After_agreement_an_organiser_without_email_gets_the_contact_from_the_coordinator_unless_the_helper_withdrew_the_consent()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var first = await seed.HelperAsync("一", "いち");
        var second = await seed.HelperAsync("二", "に");
        var client = await seed.CoordinatorAsync();
        var one = await IntroduceAsync(client, seed, first, "2026-12-10");
        var two = await IntroduceAsync(client, seed, second, "2026-12-10");
        foreach (var id in new[] { one, two })
            await Forms.PostAsync(client, $"/Staff/Activities/Introductions/{id}", new Dictionary<string, string> { ["channel"] = "Staff" }, $"/Staff/Activities/Introductions/{id}?handler=Agreement");
        await Forms.PostAsync(client, $"/Staff/People/{second}/Helper",
            new Dictionary<string, string> { ["purpose"] = "SharingWithActivityGroups", ["granted"] = "false", ["channel"] = "Phone" }, $"/Staff/People/{second}/Helper?handler=Consent");

        await Forms.PostAsync(client, $"/Staff/Activities/Introductions/{one}", new Dictionary<string, string>(), $"/Staff/Activities/Introductions/{one}?handler=SendContact");
        await Forms.PostAsync(client, $"/Staff/Activities/Introductions/{two}", new Dictionary<string, string>(), $"/Staff/Activities/Introductions/{two}?handler=SendContact");
        var shown = await client.GetStringAsync($"/Staff/Activities/Introductions/{one}");
        var refused = await client.GetStringAsync($"/Staff/Activities/Introductions/{two}");

        Assert.Contains("data-testid=\"contact-to-pass\"", shown);
        Assert.Contains("0551-33-4444", shown);
        Assert.DoesNotContain("0551-33-4444", refused);
        var sent = await _app.WithDbAsync(db => db.Introductions.Where(i => i.Id == one || i.Id == two).OrderBy(i => i.Id).Select(i => i.ContactSentVia).ToListAsync());
        Assert.Equal([ContactHandOver.ByCoordinator, null], sent);
    }

    [Fact]
    public async Task Another_districts_coordinator_is_refused_every_matching_and_introduction_page_by_url_and_changes_nothing()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var person = await seed.HelperAsync("他区", "たく");
        var client = await seed.CoordinatorAsync();
        var id = await IntroduceAsync(client, seed, person, "2026-12-10");
        var other = await seed.CoordinatorAsync(ofTheirs: true);
        var token = StaffSignInClient.AntiforgeryToken(await other.GetStringAsync("/Staff/Activities/Create"));
        FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
            new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", token)));

        var responses = new[]
        {
            await other.GetAsync($"/Staff/Activities/{seed.ActivityId}/Needs/{seed.NeedId}/Candidates"),
            await other.GetAsync(IntroduceUrl(seed, person)),
            await other.PostAsync(IntroduceUrl(seed, person), Form(("FollowUpOn", "2026-12-20"))),
            await other.GetAsync($"/Staff/Activities/Introductions/{id}"),
            await other.PostAsync($"/Staff/Activities/Introductions/{id}?handler=Outcome", Form(("outcome", "Declined"))),
            await other.PostAsync($"/Staff/Activities/Introductions/{id}?handler=Agreement", Form(("channel", "Phone"))),
            await other.PostAsync($"/Staff/Activities/Introductions/{id}?handler=SendContact", Form()),
        };

        Assert.All(responses, r => Assert.True(MatchingTests.Denied(r) || r.StatusCode == HttpStatusCode.NotFound, $"{r.RequestMessage!.RequestUri} answered {(int)r.StatusCode}"));
        var introduction = await _app.WithDbAsync(db => db.Introductions.SingleAsync(i => i.Id == id));
        Assert.Equal((IntroductionOutcome.Pending, (DateTime?)null, new DateOnly(2026, 12, 10)), (introduction.Outcome, introduction.AgreedAt, introduction.FollowUpOn!.Value));
    }
}
