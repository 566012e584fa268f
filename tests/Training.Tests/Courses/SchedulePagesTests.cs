using Training.Registrations;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Courses;
using Training.Tests.Infrastructure;

namespace Training.Tests.Courses;

/// <summary>The monthly schedule as residents, calendars and other municipal systems read it.</summary>
/// <remarks>
/// One app for the class, its clock frozen on 2026-11-26 and never moved: each test reads its own course's sessions out
/// of the month's pages and feeds. December holds several tests' courses; a page whose every line a test reads (the
/// printable schedule's first page, a district's list with city-wide courses) uses a month of its own.
/// </remarks>
public sealed class SchedulePagesTests(SchedulePagesTests.App shared) : IClassFixture<SchedulePagesTests.App>
{
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.App;

    /// <summary>The schedule API's sessions of this course.</summary>
    private static IEnumerable<JsonElement> SessionsOf(JsonElement schedule, int courseId) =>
        schedule.GetProperty("sessions").EnumerateArray().Where(s => s.GetProperty("courseId").GetInt32() == courseId);

    // 2026-12-09 10:00 Tokyo is 01:00 UTC.
    private static readonly DateTime FirstSession = new(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task The_schedule_page_lists_the_months_sessions_with_seats_and_a_way_to_register()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(2, FirstSession).SaveAsync(db));

        var page = await _app.CreateClient().GetStringAsync("/Schedule?month=2026-12");
        var html = SchedulePage.CardsOf(page, course.Id);

        Assert.Contains("2026年12月の予定", page);
        Assert.Contains("12月9日（水）", html);
        Assert.Contains("10:00〜12:00", html);
        Assert.Contains("第1回", html);
        Assert.Contains("空き 20席", html);
        Assert.Contains($"/Courses/{course.Id}/Register", html);
        Assert.DoesNotContain("第2回", html); // 2027-01-06 is next month
    }

    [Fact]
    public async Task The_calendar_view_marks_holidays_and_the_area_filter_narrows_the_list()
    {
        await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, FirstSession).SaveAsync(db));
        var otherArea = await _app.WithDbAsync(async db =>
        {
            var area = new Training.Organisations.Area { Code = "other", Name = "穂坂地区", NameKana = "ほさかちく" };
            db.Areas.Add(area);
            await db.SaveChangesAsync();
            return area.Id;
        });

        var calendar = await _app.CreateClient().GetStringAsync("/Schedule?month=2026-11&view=calendar");
        var filtered = await _app.CreateClient().GetStringAsync($"/Schedule?month=2026-12&area={otherArea}");

        Assert.Contains("勤労感謝の日", calendar);
        Assert.Contains("この月の予定はまだありません。", filtered);
    }

    [Fact]
    public async Task A_districts_list_includes_the_city_wide_courses_its_residents_can_join()
    {
        var cityWide = await _app.WithDbAsync(async db =>
        {
            // A month of its own (April 2027): a city-wide course shows in every district's list of its month.
            var course = await new CourseBuilder().ForActivity("市全域のスマホ講座").WithSessions(1, new DateTime(2027, 4, 14, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db);
            course.Correct(course.Details() with { AreaId = null });
            await db.SaveChangesAsync();
            return course;
        });
        var district = await _app.WithDbAsync(async db =>
        {
            var area = new Training.Organisations.Area { Code = "hosaka", Name = "穂坂地区", NameKana = "ほさかちく" };
            db.Areas.Add(area);
            await db.SaveChangesAsync();
            return area.Id;
        });

        var filtered = await _app.CreateClient().GetStringAsync($"/Schedule?month=2027-04&area={district}");

        Assert.Contains("市全域のスマホ講座", SchedulePage.CardsOf(filtered, cityWide.Id));
    }

    [Fact]
    public async Task Cached_schedule_pages_show_a_new_registration_at_once_and_staff_never_get_the_public_copy()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, FirstSession).SaveAsync(db));
        var anonymous = _app.CreateClient();
        Assert.Contains("空き 20席", SchedulePage.CardsOf(await anonymous.GetStringAsync("/Schedule?month=2026-12"), course.Id));
        Assert.Contains("空き 20席", SchedulePage.CardsOf(await anonymous.GetStringAsync("/Schedule?month=2026-12"), course.Id));

        await anonymous.PostAsJsonAsync($"/api/v1/courses/{course.Id}/registrations", new
        {
            familyName = "望月", givenName = "初江", familyNameKana = "もちづき", givenNameKana = "はつえ", phone = "0551-22-0003", consent = true,
        });
        var afterRegistration = await anonymous.GetStringAsync("/Schedule?month=2026-12");
        var staff = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var staffPage = await staff.GetStringAsync("/Schedule?month=2026-12");

        Assert.Contains("空き 19席", SchedulePage.CardsOf(afterRegistration, course.Id));
        Assert.Contains("ログアウト", staffPage);
        Assert.DoesNotContain("ログアウト", afterRegistration);
    }

    [Fact]
    public async Task A_cancelled_session_is_not_open_for_booking_in_the_API_while_the_rest_of_its_run_is()
    {
        var course = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(2, FirstSession).SaveAsync(db);
            var first = await db.Sessions.Where(s => s.CourseId == course.Id).OrderBy(s => s.SequenceNumber).FirstAsync();
            first.Cancel("講師の急病のため");
            await db.SaveChangesAsync();
            return course;
        });

        var december = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/schedule?month=2026-12");
        var january = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/schedule?month=2027-01");
        var page = await _app.CreateClient().GetStringAsync($"/Courses/{course.Id}");

        Assert.False(Assert.Single(SessionsOf(december, course.Id)).GetProperty("registrationOpen").GetBoolean());
        Assert.True(Assert.Single(SessionsOf(january, course.Id)).GetProperty("registrationOpen").GetBoolean());
        Assert.Contains("この講座に申し込む", page);
    }

    [Fact]
    public async Task A_month_that_is_not_a_month_goes_back_to_this_month()
    {
        var response = await _app.CreateBrowserLikeClient().GetAsync("/Schedule?month=2026-13");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task The_schedule_API_returns_local_times_and_refuses_a_bad_month()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, FirstSession).SaveAsync(db));
        var client = _app.CreateClient();

        var json = await client.GetFromJsonAsync<JsonElement>("/api/v1/schedule?month=2026-12");
        var bad = await client.GetAsync("/api/v1/schedule?month=December");

        Assert.Equal("Asia/Tokyo", json.GetProperty("timeZone").GetString());
        var session = Assert.Single(SessionsOf(json, course.Id));
        Assert.Equal(course.Id, session.GetProperty("courseId").GetInt32());
        Assert.Equal("2026-12-09T10:00:00+09:00", session.GetProperty("start").GetString());
        Assert.Equal(20, session.GetProperty("seatsLeft").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_registration_API_takes_registrations_like_the_form_confirmed_then_waitlisted_and_a_repeat_is_one()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(1).SaveAsync(db));
        var client = _app.CreateClient();
        object Body(string family, string familyKana, string phone) => new
        {
            familyName = family, givenName = "花子", familyNameKana = familyKana, givenNameKana = "はなこ",
            phone, consent = true,
        };

        var first = await client.PostAsJsonAsync($"/api/v1/courses/{course.Id}/registrations", Body("深澤", "ふかさわ", "0551-22-0011"));
        var second = await client.PostAsJsonAsync($"/api/v1/courses/{course.Id}/registrations", Body("保坂", "ほさか", "0551-22-0012"));
        var repeat = await client.PostAsJsonAsync($"/api/v1/courses/{course.Id}/registrations", Body("保坂", "ほさか", "0551-22-0012"));

        // The caller is told only that the submission was received; the outcome goes to the contact on record.
        Assert.All(new[] { first, second, repeat }, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Equal("received", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var registrations = await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == course.Id).OrderBy(r => r.Id).Select(r => new { r.Status, r.WaitlistPosition }).ToListAsync());
        Assert.Equal(2, registrations.Count);
        Assert.Equal(RegistrationStatus.Confirmed, registrations[0].Status);
        Assert.Equal((RegistrationStatus.Waitlisted, (int?)1), (registrations[1].Status, registrations[1].WaitlistPosition));
    }

    [Fact]
    public async Task The_registration_API_explains_bad_input_per_field_and_saves_nothing()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var peopleBefore = await _app.WithDbAsync(db => db.People.CountAsync());

        var response = await _app.CreateClient().PostAsJsonAsync($"/api/v1/courses/{course.Id}/registrations",
            new { familyName = "", givenName = "花子", familyNameKana = "Yamada", givenNameKana = "はなこ", consent = false });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("familyName", out _));
        Assert.True(errors.TryGetProperty("familyNameKana", out _));
        Assert.True(errors.TryGetProperty("phone", out _));
        Assert.True(errors.TryGetProperty("consent", out _));
        Assert.Equal(peopleBefore, await _app.WithDbAsync(db => db.People.CountAsync()));
        Assert.False(await _app.WithDbAsync(db => db.Registrations.AnyAsync(r => r.CourseId == course.Id)));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_schedule_and_registration_endpoints()
    {
        var json = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = json.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/schedule", out _));
        Assert.True(paths.TryGetProperty("/api/v1/courses/{id}/registrations", out _));
    }

    [Fact]
    public async Task The_iCal_feed_parses_and_carries_Tokyo_local_times()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(2, FirstSession).SaveAsync(db));

        var text = await _app.CreateClient().GetStringAsync("/calendar.ics");
        var calendar = Calendar.Load(text)!;

        var events = calendar.Events.Where(e => e.Url?.AbsolutePath == $"/Courses/{course.Id}").ToList();
        Assert.Equal(2, events.Count);
        var first = events.OrderBy(e => e.Start!.Value).First();
        Assert.Equal("Asia/Tokyo", first.Start!.TzId);
        Assert.Equal(new DateTime(2026, 12, 9, 10, 0, 0), first.Start.Value);
        Assert.Equal(FirstSession, first.Start.AsUtc);
        Assert.Equal("生活支援サポーター養成講座 第1回", first.Summary);
        Assert.Contains("BEGIN:STANDARD", text);
    }

    [Fact]
    public async Task A_long_month_of_descriptions_continues_on_further_pages_and_nothing_leaves_the_paper()
    {
        for (var i = 0; i < 14; i++)
            await _app.WithDbAsync(async db =>
            {
                var course = await new CourseBuilder().ForActivity($"地区のサロン{i + 1}").WithSessions(1, FirstSession.AddDays(i)).SaveAsync(db);
                var program = await db.Programs.SingleAsync(p => p.Id == course.ProgramId);
                program.Edit(program.Details() with { Description = string.Concat(Enumerable.Repeat("体操とおしゃべりの集まりです。初めての方も歓迎します。", 4)) });
                await db.SaveChangesAsync();
            });

        var bytes = await _app.CreateClient().GetByteArrayAsync("/Schedule/Pdf?month=2026-12");

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        Assert.True(pdf.NumberOfPages >= 2, $"{pdf.NumberOfPages} page(s)");
        foreach (var page in pdf.GetPages())
            Assert.All(page.Letters, l => Assert.True(l.BoundingBox.Bottom >= 0 && l.BoundingBox.Top <= page.Height
                && l.BoundingBox.Left >= 0 && l.BoundingBox.Right <= page.Width, $"page {page.Number}: {l.Value} at {l.BoundingBox}"));
        var text = string.Concat(pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.Value));
        Assert.Contains("地区のサロン14", text);
        Assert.Contains("（つづき）", text);
    }

    [Fact]
    public async Task The_printable_schedule_is_an_A4_PDF_whose_text_reads_back_with_dates_times_and_cancellations()
    {
        // A month of its own (March 2027), so that the first page holds only this test's two courses.
        var march10 = new DateTime(2027, 3, 10, 1, 0, 0, DateTimeKind.Utc);
        await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(1, march10).SaveAsync(db);
            var program = await db.Programs.SingleAsync(p => p.Id == course.ProgramId);
            program.Edit(program.Details() with { Description = "地域の支え合いの担い手になるための講座です。" });
            await db.SaveChangesAsync();
        });
        await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().ForActivity("ひだまりサロン「スマイル」").WithSessions(1, march10.AddDays(14)).SaveAsync(db);
            var session = await db.Sessions.SingleAsync(s => s.CourseId == course.Id);
            session.Cancel("中止");
            await db.SaveChangesAsync();
        });

        var response = await _app.CreateClient().GetAsync("/Schedule/Pdf?month=2027-03");

        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var page = pdf.GetPage(1);
        Assert.Equal(595, Math.Round(page.Width));
        Assert.Equal(842, Math.Round(page.Height));
        var text = string.Concat(page.Letters.Select(l => l.Value));
        Assert.Contains("2027年3月の予定", text);
        Assert.Contains("3月10日（水）", text);
        Assert.Contains("10:00〜12:00", text);
        Assert.Contains("生活支援サポーター養成講座第1回", text.Replace(" ", ""));
        Assert.Contains("ひだまりサロン「スマイル」", text);
        Assert.Contains("中止", text);
        // What each course is, printed readably under the table.
        Assert.Contains("講座・集まりの内容", text);
        Assert.Contains("地域の支え合いの担い手になるための講座です。", text.Replace(" ", ""));
        var described = page.Letters.Where(l => l.Value == "担").ToList();
        Assert.True(described.Count > 0 && described.All(l => l.PointSize >= 11), string.Join(",", described.Select(l => l.PointSize)));
    }

    [Fact]
    public async Task A_residents_personal_feed_holds_only_their_courses()
    {
        var mine = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(2, FirstSession).SaveAsync(db));
        await _app.WithDbAsync(db => new CourseBuilder().ForActivity("スマホを楽しむ会").WithSessions(3, FirstSession.AddDays(1)).SaveAsync(db));
        var token = await _app.WithDbAsync(async db =>
        {
            var person = new PersonBuilder().Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            db.Registrations.Add(new RegistrationBuilder().For(mine.Id).Of(person.Id).Build());
            await db.SaveChangesAsync();
            return person.AccessToken;
        });

        var calendar = Calendar.Load(await _app.CreateClient().GetStringAsync($"/My/{token}/calendar.ics"))!;

        Assert.Equal(2, calendar.Events.Count);
        Assert.All(calendar.Events, e => Assert.StartsWith("生活支援サポーター養成講座", e.Summary));
    }
}
