using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Courses;
using Training.Notifications;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Courses;

/// <summary>A run corrected or cancelled after people booked it, with what follows for them.</summary>
/// <remarks>
/// One app for the class on a clock frozen on 2026-11-20; each test edits its own run and reads back its own people's
/// mail and calls. The test of an older form moves the clock, so it has an app of its own.
/// </remarks>
public sealed class CourseChangesTests(CourseChangesTests.App shared) : IClassFixture<CourseChangesTests.App>
{
    private static FakeTimeProvider Today() => new(new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.Zero));

    public sealed class App() : SharedApp(null, Today());

    private readonly TrainingApp _app = shared.App;

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    /// <summary>A run of 3 sessions with 2 seats: two confirmed, then three waiting (the first without email).</summary>
    private async Task<(Course Course, List<Person> Waiting)> FullCourseAsync() => await _app.WithDbAsync(async db =>
    {
        var course = await new CourseBuilder().WithCapacity(2).WithSessions(3, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db);
        var seated = new[] { new PersonBuilder().Named("青木", "一郎", "あおき", "いちろう").WithEmail("aoki@example.jp").Build(),
                             new PersonBuilder().Named("井上", "二郎", "いのうえ", "じろう").WithPhone("0551-22-2222").Build() };
        var waiting = new List<Person> { new PersonBuilder().Named("上田", "三郎", "うえだ", "さぶろう").WithPhone("0551-22-3333").Build(),
                             new PersonBuilder().Named("江藤", "四郎", "えとう", "しろう").WithEmail("eto@example.jp").Build(),
                             new PersonBuilder().Named("大野", "五郎", "おおの", "ごろう").WithEmail("ono@example.jp").Build() };
        db.People.AddRange(seated);
        db.People.AddRange(waiting);
        await db.SaveChangesAsync();
        foreach (var p in seated) db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(p.Id).Build());
        for (var i = 0; i < waiting.Count; i++)
            db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(waiting[i].Id).Waiting(i + 1).Build());
        await db.SaveChangesAsync();
        return (course, waiting);
    });

    private Task<Course> ReadAsync(int id) => _app.WithDbAsync(db => db.Courses.AsNoTracking().SingleAsync(c => c.Id == id));

    [Fact]
    public async Task More_seats_ask_first_then_seat_those_waiting_in_order_and_tell_them()
    {
        var (course, waiting) = await FullCourseAsync();
        var admin = await AdminAsync();

        var asked = await Forms.SubmitAsync(admin, $"/Staff/Courses/{course.Id}/Edit", new Dictionary<string, string> { ["Input.Capacity"] = "4" });

        var question = WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"confirm\"", question);
        Assert.Contains("キャンセル待ちの2人の参加が決まります", question);
        Assert.Contains("メールでお知らせ：1人　電話連絡リストに載せる：1人", question);
        Assert.Equal(2, (await ReadAsync(course.Id)).Capacity);

        var saved = await Forms.SubmitAsync(admin, question, $"/Staff/Courses/{course.Id}/Edit", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(4, (await ReadAsync(course.Id)).Capacity);
        var statuses = await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == course.Id).ToDictionaryAsync(r => r.PersonId, r => r.Status));
        Assert.Equal([RegistrationStatus.Confirmed, RegistrationStatus.Confirmed, RegistrationStatus.Waitlisted], waiting.Select(p => statuses[p.Id]));
        Assert.True(await _app.WithDbAsync(db => db.CallList.AnyAsync(c => c.PersonId == waiting[0].Id && c.Kind == "registration-promoted")));
        Assert.True(await _app.WithDbAsync(db => db.OutboundEmails.AnyAsync(e => e.PersonId == waiting[1].Id && e.TemplateName == "registration-promoted")));
        Assert.Contains("キャンセル待ちの2人の参加が決まり、お知らせしました", await admin.GetStringAsync($"/Staff/Courses/{course.Id}"));
    }

    [Fact]
    public async Task The_call_to_a_promoted_resident_without_email_says_the_day_time_and_place_of_what_they_now_attend()
    {
        var (course, waiting) = await FullCourseAsync();
        var admin = await AdminAsync();
        var asked = await Forms.SubmitAsync(admin, $"/Staff/Courses/{course.Id}/Edit", new Dictionary<string, string> { ["Input.Capacity"] = "3" });

        await Forms.SubmitAsync(admin, await asked.Content.ReadAsStringAsync(), $"/Staff/Courses/{course.Id}/Edit", new Dictionary<string, string>());

        var call = await _app.WithDbAsync(db => db.CallList.SingleAsync(c => c.PersonId == waiting[0].Id && c.Kind == "registration-promoted"));
        Assert.Equal("生活支援サポーター養成講座（令和8年度 第1期）のキャンセル待ちから参加が決まりました。"
            + "日時と場所：12月9日（水） 10:00〜12:00　韮崎市民交流センター、1月6日（水） 10:00〜12:00　韮崎市民交流センター、2月3日（水） 10:00〜12:00　韮崎市民交流センター。"
            + "お電話でお伝えください。", call.Message);
        Assert.Equal("生活支援サポーター養成講座 (令和8年度 第1期): a place came free and they are now booked from the waiting list. "
            + "Sessions: Wed 9 Dec 10:00–12:00 at 韮崎市民交流センター; Wed 6 Jan 10:00–12:00 at 韮崎市民交流センター; Wed 3 Feb 10:00–12:00 at 韮崎市民交流センター. "
            + "Please tell them by phone.", call.MessageEn);
    }

    [Fact]
    public async Task Fewer_seats_than_people_confirmed_are_refused_with_how_many_and_nobody_is_removed()
    {
        var (course, _) = await FullCourseAsync();
        var admin = await AdminAsync();

        var refused = await Forms.SubmitAsync(admin, $"/Staff/Courses/{course.Id}/Edit", new Dictionary<string, string> { ["Input.Capacity"] = "1" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("参加が決まっている方が2人いるため、定員を1人にすると1人分の席が足りません", await refused.Content.ReadAsStringAsync());
        Assert.Equal(2, (await ReadAsync(course.Id)).Capacity);
        Assert.Equal(2, await _app.WithDbAsync(db => db.Registrations.CountAsync(r => r.CourseId == course.Id && r.Status == RegistrationStatus.Confirmed)));
    }

    [Fact]
    public async Task Title_venue_description_and_instructor_are_corrected_and_residents_see_them_as_text()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var admin = await AdminAsync();

        var saved = await Forms.SubmitAsync(admin, $"/Staff/Courses/{course.Id}/Edit", new Dictionary<string, string>
        {
            ["Input.Title"] = "令和8年度 第2期", ["Input.Venue"] = "穂坂公民館", ["Input.Instructor"] = "韮崎市社会福祉協議会 清水",
            ["Input.Description"] = "<b>持ち物</b>：筆記用具",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await _app.CreateClient().GetStringAsync($"/Courses/{course.Id}");
        Assert.Contains("令和8年度 第2期", page);
        Assert.Contains("穂坂公民館", page);
        Assert.Contains("韮崎市社会福祉協議会 清水", page);
        Assert.Contains("&lt;b&gt;持ち物&lt;/b&gt;：筆記用具", page);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "course-edit" && a.CourseId == course.Id));
        Assert.Contains("Title: ", audit.Details);
    }

    [Fact]
    public async Task An_edit_made_on_an_older_form_is_refused_and_names_what_changed()
    {
        // The clock moves: an app of its own.
        var time = Today();
        using var app = new TrainingApp(time: time);
        var course = await app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var first = await StaffSignInClient.SignedInClientAsync(app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var second = await StaffSignInClient.SignedInClientAsync(app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var older = await second.GetStringAsync($"/Staff/Courses/{course.Id}/Edit");

        time.Advance(TimeSpan.FromMinutes(3));
        await Forms.SubmitAsync(first, $"/Staff/Courses/{course.Id}/Edit", new Dictionary<string, string> { ["Input.Venue"] = "穂坂公民館" });
        var refused = await Forms.SubmitAsync(second, older, $"/Staff/Courses/{course.Id}/Edit", new Dictionary<string, string> { ["Input.Title"] = "別の名前" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("この画面を開いたあとに変更されました（場所）", await refused.Content.ReadAsStringAsync());
        var stored = await app.WithDbAsync(db => db.Courses.AsNoTracking().SingleAsync(c => c.Id == course.Id));
        Assert.Equal(("穂坂公民館", course.Title), (stored.Venue, stored.Title));
    }

    [Fact]
    public async Task Bad_details_are_refused_with_their_reasons()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var admin = await AdminAsync();

        var refused = await Forms.SubmitAsync(admin, $"/Staff/Courses/{course.Id}/Edit", new Dictionary<string, string>
        {
            ["Input.Title"] = "", ["Input.Capacity"] = "abc", ["Input.OpensOn"] = "2026-12-10", ["Input.ClosesOn"] = "2026-12-01",
        });

        var page = await refused.Content.ReadAsStringAsync();
        foreach (var message in new[] { CourseInput.Messages.TitleMissing, CourseInput.Messages.CapacityRange, CourseInput.Messages.ClosesBeforeOpens })
            Assert.Contains(message, page);
        Assert.Equal(course.Title, (await ReadAsync(course.Id)).Title);
    }

    [Fact]
    public async Task Cancelling_a_course_says_who_will_be_told_then_cancels_what_is_to_come_and_tells_everyone()
    {
        var (course, waiting) = await FullCourseAsync();
        var admin = await AdminAsync();
        var form = WebUtility.HtmlDecode(await admin.GetStringAsync($"/Staff/Courses/{course.Id}/Cancel"));
        Assert.Contains("メールでお知らせ：3人　電話連絡リスト（至急）に載せる：2人", form);
        Assert.Contains("中止になる日程（3回）", form);

        var refused = await Forms.PostAsync(admin, $"/Staff/Courses/{course.Id}/Cancel", new Dictionary<string, string> { ["Reason"] = " " });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(CourseStatus.Open, (await ReadAsync(course.Id)).Status);

        var done = await Forms.PostAsync(admin, $"/Staff/Courses/{course.Id}/Cancel", new Dictionary<string, string> { ["Reason"] = "講師の都合のため" });

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(CourseStatus.Cancelled, (await ReadAsync(course.Id)).Status);
        Assert.All(await _app.WithDbAsync(db => db.Sessions.Where(s => s.CourseId == course.Id).ToListAsync()), s => Assert.Equal(SessionStatus.Cancelled, s.Status));
        var booked = await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == course.Id).Select(r => r.PersonId).ToListAsync());
        var mail = await _app.WithDbAsync(db => db.OutboundEmails.Where(e => e.TemplateName == "course-cancelled" && e.PersonId != null && booked.Contains(e.PersonId.Value)).ToListAsync());
        Assert.Equal(3, mail.Count);
        Assert.Contains("講師の都合のため", mail[0].TextBody);
        Assert.Contains("第3回", mail[0].TextBody);
        var calls = await _app.WithDbAsync(db => db.CallList.Where(c => c.Kind == "course-cancelled" && booked.Contains(c.PersonId)).ToListAsync());
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.True(c.Urgent));
        Assert.Contains("講座を中止しました。メールで3人にお知らせし、2人を電話連絡リスト（至急）に載せました。", await admin.GetStringAsync($"/Staff/Courses/{course.Id}"));

        // The public page says so, takes nobody, and the calendar feed shows the sessions cancelled.
        var client = _app.CreateClient();
        Assert.Contains("この講座は中止になりました。（講師の都合のため）", await client.GetStringAsync($"/Courses/{course.Id}"));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Registrations.CountAsync(r => r.CourseId == course.Id && r.Status == RegistrationStatus.Cancelled)));

        // Cancelling again tells nobody twice.
        var again = await admin.GetStringAsync($"/Staff/Courses/{course.Id}/Cancel");
        Assert.Contains("すでに中止になっています", again);
        Assert.Equal(3, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.TemplateName == "course-cancelled" && e.PersonId != null && booked.Contains(e.PersonId.Value))));
    }
}
