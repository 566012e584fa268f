using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Courses;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.People;

/// <remarks>One app for the class: each test finds, merges and books people of names of its own (a person's page offers
/// everyone of the same name as a possible duplicate) and asserts on those people, their courses and their requests.</remarks>
public sealed class PeoplePagesTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    private static readonly Dictionary<string, (string Given, string GivenKana)> NotFound = new()
    {
        ["ﾀｶﾊｼ"] = ("和子", "かずこ"), ["タカハシ"] = ("幸子", "さちこ"), ["高橋"] = ("明子", "あきこ"), ["23-1234"] = ("洋子", "ようこ"),
    };

    [Theory]
    [InlineData("ﾀｶﾊｼ")]
    [InlineData("タカハシ")]
    [InlineData("高橋")]
    [InlineData("23-1234")]
    public async Task Staff_find_a_resident_by_furigana_in_any_form_by_plain_kanji_or_by_phone(string query)
    {
        var takahashi = await _app.WithDbAsync(async db =>
        {
            var found = new PersonBuilder().Named("髙橋", "茂", "たかはし", "しげる").WithPhone("0551-23-1234").Build();
            db.People.Add(found);
            // Each case's 山﨑 a given name of its own: two of one name would be named on the list as a possible duplicate.
            var (given, givenKana) = NotFound[query];
            db.People.Add(new PersonBuilder().Named("山﨑", given, "やまざき", givenKana).WithPhone("0551-22-3456").Build());
            await db.SaveChangesAsync();
            return found;
        });

        var html = await (await AdminAsync()).GetStringAsync($"/Staff/People?q={Uri.EscapeDataString(query)}");

        // This case's 髙橋 茂 (each case adds its own pair).
        Assert.Contains($"href=\"/Staff/People/{takahashi.Id}\">髙橋 茂<", html);
        Assert.DoesNotContain("山﨑", html);
    }

    [Fact]
    public async Task Merging_a_duplicate_moves_its_registrations_keeps_the_stronger_place_and_the_next_one_waiting_moves_up()
    {
        var (courseA, courseB) = await _app.WithDbAsync(async db =>
            (await new CourseBuilder().WithCapacity(1).SaveAsync(db), await new CourseBuilder().ForActivity("スマホを楽しむ会").SaveAsync(db)));
        var ids = await _app.WithDbAsync(async db =>
        {
            var keep = new PersonBuilder().Named("齋藤", "茂", "さいとう", "しげる").WithPhone("0551-23-5678").Build();
            var other = new PersonBuilder().Named("斉藤", "茂", "サイトウ", "シゲル").WithPhone(null).WithEmail("shigeru@example.jp").Build();
            var someoneWaiting = new PersonBuilder().Named("小池", "和子", "こいけ", "かずこ").Build();
            db.People.AddRange(keep, other, someoneWaiting);
            await db.SaveChangesAsync();
            db.Registrations.AddRange(
                new RegistrationBuilder().For(courseA.Id).Of(keep.Id).Build(),
                new RegistrationBuilder().For(courseA.Id).Of(other.Id).Waiting(1).Build(),
                new RegistrationBuilder().For(courseA.Id).Of(someoneWaiting.Id).Waiting(2).Build(),
                new RegistrationBuilder().For(courseB.Id).Of(other.Id).Build());
            await db.SaveChangesAsync();
            return (keep.Id, other.Id, someoneWaiting.Id);
        });
        var client = await AdminAsync();
        var page = await client.GetStringAsync($"/Staff/People/{ids.Item1}");
        Assert.Contains("同じ人かもしれない記録", page);
        Assert.Contains($"/Staff/People/{ids.Item1}/Merge/{ids.Item2}", page);

        var response = await Forms.PostAsync(client, $"/Staff/People/{ids.Item1}/Merge/{ids.Item2}", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await _app.WithDbAsync(async db =>
        {
            Assert.False(await db.People.AnyAsync(p => p.Id == ids.Item2));
            var keep = await db.People.SingleAsync(p => p.Id == ids.Item1);
            Assert.Equal("齋藤", keep.FamilyName);
            // The other record's email is not copied: it waits for staff to confirm with the person.
            Assert.Null(keep.Email);
            Assert.Equal("shigeru@example.jp", (await db.ContactChangeRequests.SingleAsync(c => c.PersonId == ids.Item1)).Email);
            var registrations = await db.Registrations.Where(r => r.PersonId == ids.Item1).OrderBy(r => r.CourseId).ToListAsync();
            Assert.Equal([(courseA.Id, RegistrationStatus.Confirmed), (courseB.Id, RegistrationStatus.Confirmed)],
                registrations.Select(r => (r.CourseId, r.Status)));
            var waiting = await db.Registrations.SingleAsync(r => r.PersonId == ids.Item3);
            // Queue numbers are kept; the place people are told is derived from the queue's order.
            Assert.Equal(1, (await Registration.WaitlistPlaces(db.Registrations, [waiting.Id]))[waiting.Id]);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "merge" && a.PersonId == ids.Item1));
        });
    }

    [Fact]
    public async Task A_stranger_who_books_under_a_variant_spelling_with_their_own_email_gains_nothing_when_staff_merge_the_records()
    {
        var (course, resident) = await _app.WithDbAsync(async db =>
        {
            var c = await new CourseBuilder().SaveAsync(db);
            var r = new PersonBuilder().Named("渡邉", "茂", "わたなべ", "しげる").WithPhone("0551-24-1234").Build();
            db.People.Add(r);
            await db.SaveChangesAsync();
            return (c, r);
        });
        // The visitor knows the resident's name and phone and gives their own email, spelling 邉 as 辺.
        var visitor = await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", new Dictionary<string, string>
        {
            ["Input.FamilyName"] = "渡辺", ["Input.GivenName"] = "茂", ["Input.FamilyNameKana"] = "わたなべ", ["Input.GivenNameKana"] = "しげる",
            ["Input.Phone"] = "0551-24-1234", ["Input.Email"] = "visitor@example.net", ["Input.Consent"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, visitor.StatusCode);
        var made = await _app.WithDbAsync(db => db.People.SingleAsync(p => p.Id != resident.Id && (p.FamilyName == "渡邉" || p.FamilyName == "渡辺")));
        var client = await AdminAsync();

        var page = await client.GetStringAsync($"/Staff/People/{resident.Id}");
        var compare = await client.GetStringAsync($"/Staff/People/{resident.Id}/Merge/{made.Id}");
        var merged = await client.PostAsync($"/Staff/People/{resident.Id}/Merge/{made.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(compare),
        }));
        var recover = await Forms.PostAsync(_app.CreateBrowserLikeClient(), "/My/Recover", new Dictionary<string, string> { ["Email"] = "visitor@example.net" });

        Assert.Contains("data-testid=\"from-public-form\"", page);
        Assert.Contains("申し込みフォーム（本人確認なし）", page);
        Assert.DoesNotContain("name=\"duplicateId\"", page);
        Assert.Contains("data-testid=\"merge-compare\"", compare);
        Assert.Contains("visitor@example.net", compare[compare.IndexOf("data-testid=\"merge-contacts\"", StringComparison.Ordinal)..]);
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recover.StatusCode);
        await _app.WithDbAsync(async db =>
        {
            var kept = await db.People.SingleAsync(p => p.Id == resident.Id);
            Assert.Null(kept.Email);
            var request = await db.ContactChangeRequests.SingleAsync(c => c.PersonId == resident.Id && c.ResolvedAt == null);
            Assert.Equal(("visitor@example.net", made.Id), (request.Email, request.MergedFromPersonId));
            // The visitor's address is on no record, so the way back to a page mails them nothing of the resident's.
            Assert.DoesNotContain(await db.OutboundEmails.Where(e => e.TemplateName == "my-page-link").Select(e => e.TextBody).ToListAsync(),
                body => body.Contains(kept.AccessToken));
        });
    }

    [Fact]
    public async Task Repeated_offers_from_the_public_form_leave_one_waiting_the_newest()
    {
        var (course, resident) = await _app.WithDbAsync(async db =>
        {
            var c = await new CourseBuilder().ForActivity("スマホを楽しむ会").SaveAsync(db);
            var r = new PersonBuilder().Named("山田", "花子", "やまだ", "はなこ").WithPhone("0551-22-0001").Build();
            db.People.Add(r);
            await db.SaveChangesAsync();
            return (c, r);
        });
        foreach (var email in new[] { "one@example.net", "two@example.net", "three@example.net" })
            await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", new Dictionary<string, string>
            {
                ["Input.FamilyName"] = "山田", ["Input.GivenName"] = "花子", ["Input.FamilyNameKana"] = "やまだ", ["Input.GivenNameKana"] = "はなこ",
                ["Input.Phone"] = "0551-22-0001", ["Input.Email"] = email, ["Input.Consent"] = "true",
            });

        var waiting = await _app.WithDbAsync(db => db.ContactChangeRequests.Where(c => c.PersonId == resident.Id && c.ResolvedAt == null).ToListAsync());

        Assert.Equal("three@example.net", Assert.Single(waiting).Email);
        Assert.Equal(2, await _app.WithDbAsync(db => db.ContactChangeRequests.CountAsync(c => c.PersonId == resident.Id && c.Superseded)));
    }

    [Fact]
    public async Task A_program_with_a_threshold_above_its_session_count_is_refused_and_a_valid_one_is_saved()
    {
        var organisationId = await _app.WithDbAsync(async db =>
        {
            var organisation = new Training.Organisations.Organisation { Name = "韮崎市", Kind = Training.Organisations.OrganisationKind.City };
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync();
            return organisation.Id;
        });
        var client = await AdminAsync();
        Dictionary<string, string> Fields(string threshold) => new()
        {
            ["Input.Name"] = "生活支援サポーター養成講座", ["Input.NameKana"] = "せいかつしえんさぽーたーようせいこうざ", ["Input.Kind"] = "CertificateProgram",
            ["Input.OrganisationId"] = organisationId.ToString(), ["Input.PlannedSessionCount"] = "8", ["Input.CompletionRule"] = "MinimumSessions",
            ["Input.CompletionThreshold"] = threshold, ["Input.IsPublic"] = "true", ["Input.IsActive"] = "true",
        };

        var refused = await Forms.PostAsync(client, "/Staff/Programs/Edit", Fields("9"));
        var saved = await Forms.PostAsync(client, "/Staff/Programs/Edit", Fields("6"));

        Assert.Contains("修了に必要な回数は、全体の回数以下にしてください。", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var program = await _app.WithDbAsync(db => db.Programs.SingleAsync(p => p.OrganisationId == organisationId));
        Assert.Equal((8, CompletionRuleKind.MinimumSessions, 6), (program.PlannedSessionCount, program.CompletionRule, program.CompletionThreshold!.Value));
    }
}
