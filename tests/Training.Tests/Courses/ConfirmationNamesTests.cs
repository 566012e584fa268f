using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Courses;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Courses;

/// <summary>
/// A confirmation before residents are told names them — each linked to their page, up to twenty, then how many more
/// and a link to the full list — rather than only counting them. The run: three sessions from Wed 9 Dec 2026, 10:00.
/// </summary>
/// <remarks>
/// One app for the class on a clock frozen on 2026-11-20: each test's run has its own people (a family name of its
/// own, emails by run) and every page read is that run's.
/// </remarks>
public sealed partial class ConfirmationNamesTests(ConfirmationNamesTests.App shared) : IClassFixture<ConfirmationNamesTests.App>
{
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.App;

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    /// <summary>
    /// A run with the given people confirmed (the first without email) and the given number waiting, all of one family
    /// name (the test's own).
    /// </summary>
    private async Task<(Course Course, List<Person> Confirmed, List<Person> Waiting)> CourseAsync(string family, string familyKana, int confirmed, int waiting = 0) => await _app.WithDbAsync(async db =>
    {
        var course = await new CourseBuilder().WithCapacity(confirmed).SaveAsync(db);
        var kana = "あいうえおかきくけこさしすせそたちつてとなにぬねの";
        Person Person(int i) => new PersonBuilder().Named(family, $"{i + 1}号", familyKana, $"{kana[i % kana.Length]}{i / kana.Length}")
            .WithEmail(i == 0 ? null : $"p{i}.course{course.Id}@example.jp").Build();
        var seated = Enumerable.Range(0, confirmed).Select(Person).ToList();
        var queue = Enumerable.Range(confirmed, waiting).Select(Person).ToList();
        db.People.AddRange(seated.Concat(queue));
        await db.SaveChangesAsync();
        foreach (var p in seated) db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(p.Id).Build());
        // Waiting in the reverse of their kana order, so the order named is seen to be the queue's.
        for (var i = 0; i < queue.Count; i++)
            db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(queue[i].Id).Waiting(queue.Count - i).Build());
        await db.SaveChangesAsync();
        return (course, seated, queue);
    });

    private static List<(string Href, string Name)> Named(string html)
    {
        var list = Told().Match(html);
        Assert.True(list.Success, "no names of those to be told");
        return PersonLink().Matches(list.Value).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
    }

    [Fact]
    public async Task Moving_a_session_names_everyone_who_will_be_told_in_kana_order_with_how()
    {
        var (course, people, _) = await CourseAsync("山田", "やまだ", confirmed: 3);
        var sessionId = course.Sessions.First().Id;
        var admin = await AdminAsync();

        var asked = await Forms.PostAsync(admin, $"/Staff/Sessions/{sessionId}/Edit", new Dictionary<string, string>
        {
            ["Input.Date"] = "2026-12-10", ["Input.Start"] = "10:00", ["Input.End"] = "12:00", ["Input.Venue"] = "韮崎市民交流センター",
        }, $"/Staff/Sessions/{sessionId}/Edit?handler=Save");

        var html = WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"confirm-move\"", html);
        Assert.Equal(people.Select(p => ($"/Staff/People/{p.Id}", p.FullName)), Named(html));
        Assert.Contains($"{people[0].FullName}</a> <span class=\"muted\">（電話）", html);
        Assert.Contains($"{people[1].FullName}</a> <span class=\"muted\">（メール）", html);
        Assert.DoesNotContain("data-testid=\"told-more\"", html);
    }

    [Fact]
    public async Task Cancelling_a_course_names_twenty_then_counts_the_rest_and_links_to_the_full_list()
    {
        var (course, people, _) = await CourseAsync("佐藤", "さとう", confirmed: 23);
        var admin = await AdminAsync();

        var html = WebUtility.HtmlDecode(await admin.GetStringAsync($"/Staff/Courses/{course.Id}/Cancel"));

        var named = Named(html);
        Assert.Equal(20, named.Count);
        // ふりがな順: あ, い, う… in the order they were made.
        Assert.Equal(people.Take(20).Select(p => p.FullName), named.Select(n => n.Name));
        Assert.Matches($"data-testid=\"told-more\">ほか 3人.*href=\"/Staff/Courses/{course.Id}#registrants\"", html);
        Assert.Contains("メールでお知らせ：22人　電話連絡リスト（至急）に載せる：1人", html);
    }

    [Fact]
    public async Task Cancelling_a_session_names_those_who_will_be_told()
    {
        var (course, people, _) = await CourseAsync("鈴木", "すずき", confirmed: 2);
        var sessionId = course.Sessions.First().Id;
        var admin = await AdminAsync();

        var asked = await Forms.PostAsync(admin, $"/Staff/Sessions/{sessionId}/Edit", new Dictionary<string, string> { ["CancelReason"] = "台風のため" },
            $"/Staff/Sessions/{sessionId}/Edit?handler=Cancel");

        var html = WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"confirm-cancel\"", html);
        Assert.Equal(people.Select(p => p.FullName), Named(html).Select(n => n.Name));
    }

    [Fact]
    public async Task More_seats_name_those_waiting_who_get_them_in_the_order_they_waited()
    {
        var (course, _, waiting) = await CourseAsync("高橋", "たかはし", confirmed: 2, waiting: 3);
        var admin = await AdminAsync();

        var asked = await Forms.SubmitAsync(admin, $"/Staff/Courses/{course.Id}/Edit", new Dictionary<string, string> { ["Input.Capacity"] = "4" });

        var html = WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"confirm\"", html);
        // Positions 1 and 2 of the queue are the last two made.
        Assert.Equal([waiting[2].FullName, waiting[1].FullName], Named(html).Select(n => n.Name));
    }

    [Fact]
    public async Task The_cancel_confirmation_shows_the_sessions_own_date_in_the_edit_form_not_an_empty_one()
    {
        var (course, _, _) = await CourseAsync("田中", "たなか", confirmed: 1);
        var sessionId = course.Sessions.First().Id;
        var admin = await AdminAsync();

        foreach (var reason in new[] { "台風のため", "" })
        {
            var asked = await Forms.PostAsync(admin, $"/Staff/Sessions/{sessionId}/Edit", new Dictionary<string, string> { ["CancelReason"] = reason },
                $"/Staff/Sessions/{sessionId}/Edit?handler=Cancel");

            var html = WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
            Assert.DoesNotContain("0001-01-01", html);
            Assert.Matches("<input[^>]*type=\"date\"[^>]*value=\"2026-12-09\"|<input[^>]*value=\"2026-12-09\"[^>]*type=\"date\"", html);
            Assert.Matches("<input[^>]*id=\"Input_Start\"[^>]*value=\"10:00", html);
            Assert.Contains("韮崎市民交流センター", html);
        }
    }

    [GeneratedRegex("<ul class=\"told\" data-testid=\"told\">.*?</ul>", RegexOptions.Singleline)]
    private static partial Regex Told();

    [GeneratedRegex("<a href=\"([^\"]+)\">([^<]+)</a>")]
    private static partial Regex PersonLink();
}
