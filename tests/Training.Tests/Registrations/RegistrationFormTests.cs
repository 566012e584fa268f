using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Registrations;

/// <summary>
/// The public registration form end to end over HTTP, as a resident's browser uses it. One app for the class: each
/// test registers on a course of its own, under names of its own, and asserts on those rows only.
/// </summary>
public sealed class RegistrationFormTests(RegistrationFormTests.App shared) : IClassFixture<RegistrationFormTests.App>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 1, 0, 0, TimeSpan.Zero);

    /// <summary>The class's app: a frozen clock no test moves, and a map link pattern for the course page.</summary>
    public sealed class App() : SharedApp(new() { ["Site:MapUrlPattern"] = "https://maps.example.jp/search?q={0}" }, new FakeTimeProvider(Now));

    private readonly FakeTimeProvider _time = shared.Time!;
    private readonly TrainingApp _app = shared.App;

    private static Dictionary<string, string> Resident(string family = "髙橋", string given = "茂") => new()
    {
        ["Input.FamilyName"] = family,
        ["Input.GivenName"] = given,
        ["Input.FamilyNameKana"] = "ﾀｶﾊｼ",
        ["Input.GivenNameKana"] = "シゲル",
        ["Input.Phone"] = "０５５１－２３－１２３４",
        ["Input.Email"] = "",
        ["Input.BirthYear"] = "1944",
        ["Input.Consent"] = "true",
    };

    /// <summary>The resident's own page, as the link in their confirmation (or from staff) leads to it.</summary>
    private Task<string> MyPathAsync(string familyName) =>
        _app.WithDbAsync(db => db.People.Where(p => p.FamilyName == familyName).Select(p => "/My/" + p.AccessToken).SingleAsync());

    /// <summary>The people registered on this course (every test has a course of its own).</summary>
    private static IQueryable<Training.People.Person> RegisteredOn(Training.Data.TrainingDbContext db, int courseId) =>
        db.Registrations.Where(r => r.CourseId == courseId).Select(r => r.Person!);

    [Fact]
    public async Task An_email_typed_in_full_width_with_spaces_is_taken_as_the_address_it_means()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var fields = Resident("有泉");
        fields["Input.Email"] = "ｓｈｉｇｅｒｕ＠ｅｘａｍｐｌｅ．ｊｐ　";

        var response = await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("shigeru@example.jp", await _app.WithDbAsync(db => RegisteredOn(db, course.Id).Select(p => p.Email).SingleAsync()));
    }

    [Fact]
    public async Task A_course_page_says_the_fee_what_to_bring_where_with_a_map_and_the_completion_rule_in_plain_words()
    {
        var course = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().CompletedBy(Training.Courses.CompletionRuleKind.MinimumSessions, 2).SaveAsync(db);
            course.Correct(course.Details() with { VenueAddress = "韮崎市若宮1-2-50", Belongings = "筆記用具" });
            await db.SaveChangesAsync();
            return course;
        });

        var page = WebUtility.HtmlDecode(await _app.CreateClient().GetStringAsync($"/Courses/{course.Id}"));

        Assert.Contains("data-testid=\"fee\">無料<", page);
        Assert.Contains("data-testid=\"belongings\">筆記用具<", page);
        Assert.Contains("韮崎市若宮1-2-50", page);
        Assert.Contains($"href=\"https://maps.example.jp/search?q={Uri.EscapeDataString("韮崎市若宮1-2-50")}\"", page);
        Assert.Contains("全3回のうち2回以上出席すると修了です。", page);
    }

    [Fact]
    public async Task A_full_course_says_so_before_the_form_and_its_button_says_waiting_list()
    {
        var course = await _app.WithDbAsync(async db =>
        {
            var full = await new CourseBuilder().WithCapacity(1).SaveAsync(db);
            db.Registrations.Add(new RegistrationBuilder().For(full.Id).Of(new PersonBuilder().Build()).Build());
            await db.SaveChangesAsync();
            return full;
        });
        var client = _app.CreateClient();

        var details = await client.GetStringAsync($"/Courses/{course.Id}");
        var form = await client.GetStringAsync($"/Courses/{course.Id}/Register");

        foreach (var page in new[] { details, form })
        {
            Assert.Contains("満席のため、キャンセル待ちでの受付になります。", page);
            Assert.Contains("キャンセル待ちで申し込む", page);
        }
        Assert.DoesNotContain("この講座に申し込む", details);
    }

    [Fact]
    public async Task A_resident_can_ask_for_the_monthly_schedule_while_registering_and_the_choice_is_recorded()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var fields = Resident("功刀");
        fields["Input.Email"] = "shigeru@example.jp";
        fields["Input.MonthlySchedule"] = "true";

        await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", fields);

        var personId = await _app.WithDbAsync(db => RegisteredOn(db, course.Id).Select(p => p.Id).SingleAsync());
        var consents = await _app.WithDbAsync(db => db.Consents.AsNoTracking().Where(c => c.PersonId == personId).OrderBy(c => c.Id).ToListAsync());
        var monthly = Assert.Single(consents, c => c.Purpose == Training.People.ConsentPurpose.MonthlyScheduleEmail);
        Assert.True(monthly.Granted);
        Assert.Contains("毎月の講座・活動の予定", monthly.Wording);
    }

    [Fact]
    public async Task A_resident_without_email_registers_with_a_phone_number_typed_in_full_width()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var client = _app.CreateBrowserLikeClient();

        var response = await Forms.PostAsync(client, $"/Courses/{course.Id}/Register", Resident());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Courses/{course.Id}/Received", response.Headers.Location!.OriginalString);
        Assert.Contains("お申し込みを受け付けました", await client.GetStringAsync(response.Headers.Location!.OriginalString));
        var person = await _app.WithDbAsync(db => db.People.AsNoTracking().Include(p => p.Consents)
            .SingleAsync(p => db.Registrations.Any(r => r.CourseId == course.Id && r.PersonId == p.Id)));
        Assert.Equal("0551-23-1234", person.Phone);
        Assert.Equal("たかはし", person.FamilyNameKana);
        Assert.Equal("しげる", person.GivenNameKana);
        Assert.Null(person.Email);
        var consent = Assert.Single(person.Consents);
        Assert.Contains("連絡先", consent.Wording);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, consent.RecordedAt);
        var registration = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.CourseId == course.Id));
        Assert.Equal(Training.People.ContactChannel.Web, registration.Channel);
    }

    [Theory]
    [InlineData("昭和19年", 1944, "輿石")]
    [InlineData("S19", 1944, "小野")]
    [InlineData("１９４４", 1944, "内藤")]
    public async Task A_birth_year_may_be_typed_in_the_Japanese_era(string typed, int year, string family)
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var fields = Resident(family);
        fields["Input.BirthYear"] = typed;

        await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", fields);

        Assert.Equal(year, await _app.WithDbAsync(db => RegisteredOn(db, course.Id).Select(p => p.BirthYear).SingleAsync()));
    }

    [Fact]
    public async Task A_birth_year_that_cannot_be_is_refused_with_how_to_write_it()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var fields = Resident("秋山");
        fields["Input.BirthYear"] = "昭和70";

        var response = await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", fields);

        Assert.Contains("和暦（例：昭和25年、S25）", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await _app.WithDbAsync(db => db.People.CountAsync(p => p.FamilyName == "秋山")));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Registrations.CountAsync(r => r.CourseId == course.Id)));
    }

    [Fact]
    public async Task Without_email_or_phone_the_form_explains_and_saves_nothing()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var fields = Resident("名取");
        fields["Input.Phone"] = "";
        fields["Input.FamilyNameKana"] = "Takahashi";
        fields["Input.Consent"] = "false";

        var response = await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("メールアドレスか電話番号のどちらかを入力してください。", html);
        Assert.Contains("連絡先の利用への同意が必要です。", html);
        Assert.Equal(0, await _app.WithDbAsync(db => db.People.CountAsync(p => p.FamilyName == "名取")));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Registrations.CountAsync(r => r.CourseId == course.Id)));
    }

    [Fact]
    public async Task Submitting_the_same_form_twice_makes_one_registration()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var client = _app.CreateBrowserLikeClient();

        var first = await Forms.PostAsync(client, $"/Courses/{course.Id}/Register", Resident("保坂"));
        var second = await Forms.PostAsync(client, $"/Courses/{course.Id}/Register", Resident("保坂"));

        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, await _app.WithDbAsync(db => db.People.CountAsync(p => p.FamilyName == "保坂")));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Registrations.CountAsync(r => r.CourseId == course.Id)));
    }

    [Fact]
    public async Task When_the_course_is_full_the_residents_page_shows_their_place_on_the_waiting_list()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(1).SaveAsync(db));
        var client = _app.CreateBrowserLikeClient();
        await Forms.PostAsync(client, $"/Courses/{course.Id}/Register", Resident("山﨑", "和子"));

        await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", Resident("𠮷田", "春江"));

        // Characters outside the BMP reach the browser as numeric references (&#x20BB7;): decode as it does.
        var html = WebUtility.HtmlDecode(await _app.CreateBrowserLikeClient().GetStringAsync(await MyPathAsync("𠮷田")));
        Assert.Contains("キャンセル待ち 1番目", html);
        Assert.Contains("𠮷田 春江様のお申し込み", html);
    }

    [Fact]
    public async Task After_the_window_closes_the_form_says_so_and_takes_nothing()
    {
        // This test moves the clock: an app of its own, so the class's frozen clock stays where the others expect it.
        var time = new FakeTimeProvider(Now);
        using var app = new TrainingApp(time: time);
        var now = time.GetUtcNow().UtcDateTime;
        var course = await app.WithDbAsync(db => new CourseBuilder().WithRegistrationWindow(null, now.AddHours(1)).SaveAsync(db));
        var client = app.CreateBrowserLikeClient();
        var page = await client.GetStringAsync($"/Courses/{course.Id}/Register");
        time.Advance(TimeSpan.FromHours(2));

        var token = StaffSignInClient.AntiforgeryToken(page);
        var fields = new Dictionary<string, string>(Resident()) { ["__RequestVerificationToken"] = token };
        var response = await client.PostAsync($"/Courses/{course.Id}/Register", new FormUrlEncodedContent(fields));

        Assert.Contains("申し込みの受付は終了しました。", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.Registrations.CountAsync()));
    }

    [Fact]
    public async Task Markup_in_a_name_is_shown_as_text_on_the_residents_page_and_in_the_email()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var client = _app.CreateBrowserLikeClient();
        var fields = Resident("<script>alert(1)</script>", "<b>太郎</b>");
        fields["Input.Email"] = "taro@example.jp";

        await Forms.PostAsync(client, $"/Courses/{course.Id}/Register", fields);
        var html = await client.GetStringAsync(await MyPathAsync("<script>alert(1)</script>"));

        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        var personId = await _app.WithDbAsync(db => RegisteredOn(db, course.Id).Select(p => p.Id).SingleAsync());
        await _app.OutboxPreparedAsync();
        var email = await _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().SingleAsync(e => e.PersonId == personId));
        Assert.DoesNotContain("<script>", email.HtmlBody);
        Assert.Contains("&lt;script&gt;", email.HtmlBody);
        Assert.Equal("<script>alert(1)</script>", await _app.WithDbAsync(db => RegisteredOn(db, course.Id).Select(p => p.FamilyName).SingleAsync()));
    }

    [Fact]
    public async Task A_resident_cancels_from_their_page_after_confirming_and_the_next_person_gets_the_seat()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(1).SaveAsync(db));
        var first = _app.CreateBrowserLikeClient();
        await Forms.PostAsync(first, $"/Courses/{course.Id}/Register", Resident("望月", "和子"));
        await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", Resident("清水", "春江"));
        var registrationId = await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == course.Id).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        var myPath = await MyPathAsync("望月");

        var confirmPage = await first.GetStringAsync($"{myPath}?cancel={registrationId}");
        Assert.Contains("キャンセルしますか？", confirmPage);
        var response = await first.PostAsync($"{myPath}?handler=Cancel", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["registrationId"] = registrationId.ToString(),
            ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(confirmPage),
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("キャンセルを受け付けました。", await first.GetStringAsync(response.Headers.Location!.OriginalString));
        var statuses = await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == course.Id).OrderBy(r => r.Id).Select(r => r.Status).ToListAsync());
        Assert.Equal([RegistrationStatus.Cancelled, RegistrationStatus.Confirmed], statuses);
    }

    [Fact]
    public async Task Someone_elses_registration_cannot_be_cancelled_with_your_link_and_a_wrong_link_shows_nothing()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", Resident("小林", "和子"));
        await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", Resident("中田", "春江"));
        var mine = await MyPathAsync("小林");
        var ids = await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == course.Id).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync());
        var theirs = ids[1];
        var client = _app.CreateBrowserLikeClient();
        var page = await client.GetStringAsync($"{mine}?cancel={ids[0]}");

        var response = await client.PostAsync($"{mine}?handler=Cancel", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["registrationId"] = theirs.ToString(),
            ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(page),
        }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/My/not-a-real-token")).StatusCode);
        Assert.All(await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == course.Id).Select(r => r.Status).ToListAsync()), s => Assert.Equal(RegistrationStatus.Confirmed, s));
    }
}
