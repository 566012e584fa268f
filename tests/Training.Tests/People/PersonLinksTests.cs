using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Notifications;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.People;

/// <summary>Wherever a staff page names a resident, the name opens that person's page; a public page never links there.</summary>
/// <remarks>One app for the class, its time frozen and moved by no test: each test looks for the links of its own people.</remarks>
public sealed partial class PersonLinksTests(PersonLinksTests.App shared) : IClassFixture<PersonLinksTests.App>
{
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero)));

    private readonly FakeTimeProvider _time = shared.Time!;
    private readonly TrainingApp _app = shared.App;

    [Fact]
    public async Task Every_staff_list_of_residents_links_each_name_to_the_person_page()
    {
        // One seat: 望月 has it, 浅川 waits. 望月 also completed an earlier run and holds its certificate.
        var (course, earlier, seated, waiting) = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithCapacity(1).SaveAsync(db);
            var seated = new PersonBuilder().Named("望月", "きみ子", "もちづき", "きみこ").WithEmail("kimiko@example.jp").Build();
            var waiting = new PersonBuilder().Named("浅川", "昭二", "あさかわ", "しょうじ").Build();
            db.People.AddRange(seated, waiting);
            await db.SaveChangesAsync();
            db.Registrations.AddRange(
                new RegistrationBuilder().For(course.Id).Of(seated.Id).Via(ContactChannel.Phone).Build(),
                new RegistrationBuilder().For(course.Id).Of(waiting.Id).Via(ContactChannel.Phone).Waiting(1).Build());
            var earlier = await new CourseBuilder().SaveAsync(db);
            db.OutboundEmails.Add(new OutboundEmail
            {
                IdempotencyKey = "test:1", PersonId = seated.Id, ToAddress = "kimiko@example.jp", ToName = seated.FullName, Subject = "お申し込みを受け付けました",
                TextBody = "…", CreatedAt = _time.GetUtcNow().UtcDateTime, NextAttemptAt = _time.GetUtcNow().UtcDateTime,
            });
            db.CallList.Add(new CallListEntry
            {
                IdempotencyKey = "call:1", PersonId = waiting.Id, Kind = "reminder", Message = "明日の講座のご案内", DueOn = new DateOnly(2026, 11, 26),
                CreatedAt = _time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
            return (course, earlier, seated, waiting);
        });
        var completion = await _app.WithDbAsync(db => CompletionSeed.SaveAsync(db, db.People.Single(p => p.Id == seated.Id), db.Courses.Single(c => c.Id == earlier.Id)));
        var certificate = (await _app.IssueAsync(completion.Id)).Certificate!;
        var firstSession = await _app.WithDbAsync(db => db.Sessions.Where(s => s.CourseId == course.Id).OrderBy(s => s.StartsAt).Select(s => s.Id).FirstAsync());
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        async Task<string> Page(string url) => await client.GetStringAsync(url);

        var coursePage = await Page($"/Staff/Courses/{course.Id}");
        AssertLinked(coursePage, seated);
        AssertLinked(coursePage, waiting);
        AssertLinked(await Page($"/Staff/Sessions/{firstSession}/Roster"), seated);
        AssertLinked(await Page($"/Staff/Courses/{earlier.Id}/Completions"), seated);
        AssertLinked(await Page("/Staff/Certificates"), seated);
        AssertLinked(await Page($"/Staff/Certificates/{certificate.Id}"), seated);
        AssertLinked(await Page("/Staff/Calls"), waiting);
        AssertLinked(await Page("/Staff/Emails"), seated);
        AssertLinked(await Page($"/Staff/Emails?personId={seated.Id}"), seated);
        AssertLinked(await Page("/Staff/People?q=もちづき"), seated);
        AssertLinked(await Page($"/Staff/Courses/{course.Id}?find=あさかわ"), waiting);
    }

    [Fact]
    public async Task The_residents_own_page_and_the_course_page_link_to_no_staff_page()
    {
        var (course, person) = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().SaveAsync(db);
            var person = new PersonBuilder().Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(person.Id).Build());
            await db.SaveChangesAsync();
            return (course, person);
        });
        var anonymous = _app.CreateClient();

        Assert.DoesNotContain("/Staff/People", await anonymous.GetStringAsync($"/My/{person.AccessToken}"));
        Assert.DoesNotContain("/Staff/People", await anonymous.GetStringAsync($"/Courses/{course.Id}"));
    }

    private static void AssertLinked(string html, Person person)
    {
        var links = PersonLink().Matches(html).Where(m => m.Groups[1].Value == person.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[2].Value)).ToList();
        Assert.Contains(links, text => text.Contains(person.FullName, StringComparison.Ordinal));
    }

    [GeneratedRegex("<a [^>]*href=\"/Staff/People/(\\d+)\"[^>]*>([^<]*(?:<[^/a][^>]*>[^<]*)*)</a>")]
    private static partial Regex PersonLink();
}
