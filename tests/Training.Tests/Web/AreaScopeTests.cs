using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Certificates;
using Training.Notifications;
using Training.Organisations;
using Training.People;
using Training.Registrations;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>A coordinator of 穂坂 never reaches a resident of 竜岡: not by id, search, export, PDF, mail list or report.</summary>
public sealed class AreaScopeTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;

    // Each test has its own two districts, its own 穂坂 coordinator and its own residents' addresses.
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private string Hosaka => $"H-{_tag}";
    private string Tatsuoka => $"T-{_tag}";
    private string Coordinator => $"hosaka-{_tag}@example.jp";
    private string OtherEmail => $"tatsuoka-{_tag}@example.jp";

    [Fact]
    public async Task A_coordinator_of_one_area_cannot_reach_another_areas_people_by_any_route()
    {
        var (other, certificate) = await SeedAsync("次郎", "じろう");
        var client = await StaffSignInClient.SignedInClientAsync(_app, Coordinator, "Coordinator-Pass-1");

        var byId = await client.GetAsync($"/Staff/People/{other.Id}");
        var export = await client.GetAsync($"/Staff/People/{other.Id}?handler=Export&format=json");
        var search = await client.GetStringAsync("/Staff/People?q=たつおか");
        var pdf = await client.GetAsync($"/Staff/Certificates?handler=Pdf&id={certificate.Id}");
        var ledger = await client.GetStringAsync("/Staff/Certificates");
        var mail = await client.GetStringAsync("/Staff/Emails");
        var history = await client.GetStringAsync($"/Staff/Emails?personId={other.Id}");

        Assert.All(new[] { byId, export, pdf }, r => Assert.True(
            r.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound || r.Headers.Location?.OriginalString.Contains("AccessDenied") == true,
            $"{r.RequestMessage!.RequestUri} answered {(int)r.StatusCode}"));
        Assert.DoesNotContain("竜岡 次郎", search);
        Assert.DoesNotContain("竜岡 次郎", ledger);
        Assert.DoesNotContain(OtherEmail, mail);
        Assert.DoesNotContain(OtherEmail, history);
        Assert.Equal(0, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == other.Id && a.Action.StartsWith("export"))));
    }

    [Fact]
    public async Task A_coordinator_reaches_an_out_of_district_participant_of_their_own_course_and_nobody_else()
    {
        var (other, _) = await SeedAsync("三郎", "さぶろう");
        // 竜岡's 花子 books 穂坂's course; 竜岡's 三郎 (seeded) does not.
        var hanakoEmail = $"hanako-{_tag}@example.jp";
        var (participant, booking) = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().SaveAsync(db);
            course.Correct(course.Details() with { AreaId = await db.Areas.Where(a => a.Code == Hosaka).Select(a => a.Id).SingleAsync() });
            var p = new PersonBuilder().Named("竜岡", "花子", "たつおか", "はなこ").WithEmail(hanakoEmail).InArea(other.AreaId).Build();
            var r = new RegistrationBuilder().For(course.Id).Of(p).Build();
            db.Registrations.Add(r);
            await db.SaveChangesAsync();
            return (p, r);
        });
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().QueueAsync(new EmailRequest($"hanako-{_tag}", "test-message", "ja", hanakoEmail, participant.FullName,
                new TestEmail("職員", "今"), PersonId: participant.Id));
        var client = await StaffSignInClient.SignedInClientAsync(_app, Coordinator, "Coordinator-Pass-1");

        var page = await client.GetAsync($"/Staff/People/{participant.Id}");
        var search = await client.GetStringAsync("/Staff/People?q=たつおか");
        var byNumber = await client.GetAsync($"/Staff/People?q={Training.Registrations.BookingNumber.For(booking.Id)}");
        var mail = await client.GetStringAsync("/Staff/Emails");
        var corrected = await Forms.SubmitAsync(client, $"/Staff/People/{participant.Id}/Edit", new Dictionary<string, string> { ["Input.Phone"] = "0551-22-1111" });
        var stranger = await client.GetAsync($"/Staff/People/{other.Id}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("竜岡 花子", search);
        Assert.DoesNotContain("竜岡 三郎", search);
        Assert.Contains($"/Staff/People/{participant.Id}", byNumber.Headers.Location?.OriginalString ?? await byNumber.Content.ReadAsStringAsync());
        Assert.Contains(hanakoEmail, mail);
        Assert.DoesNotContain(OtherEmail, mail);
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Equal("0551-22-1111", await _app.WithDbAsync(db => db.People.Where(p => p.Id == participant.Id).Select(p => p.Phone).SingleAsync()));
        Assert.True(stranger.StatusCode is HttpStatusCode.Forbidden || stranger.Headers.Location?.OriginalString.Contains("AccessDenied") == true);
    }

    [Fact]
    public async Task Names_with_markup_appear_as_text_in_pages_emails_and_PDFs()
    {
        const string payload = "<script>alert(1)</script>";
        var person = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().Named(payload, "<img src=x onerror=alert(2)>", "てすと", "てすと").WithEmail("xss@example.jp").Build();
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().QueueAsync(new EmailRequest("xss", "test-message", "ja", "xss@example.jp", person.FullName,
                new TestEmail(person.FullName, "今")));
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var page = await admin.GetStringAsync($"/Staff/People/{person.Id}");
        var email = await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.ToAddress == "xss@example.jp"));

        Assert.DoesNotContain(payload, page);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page);
        Assert.DoesNotContain("<img src=x", email.HtmlBody);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", email.HtmlBody);
    }

    [Fact]
    public async Task A_coordinator_sees_no_possible_duplicate_from_another_area_and_cannot_merge_one_in()
    {
        var (other, _) = await SeedAsync("四郎", "しろう");
        // The same name and email, recorded in 穂坂: a likely duplicate of 竜岡's 四郎, but not one a 穂坂 coordinator may see.
        var (page, merge) = await OpenAndMergeAsync(other, alsoServesOthersArea: false);

        Assert.DoesNotContain("同じ人かもしれない記録", page);
        Assert.Equal(HttpStatusCode.NotFound, merge.StatusCode);
        Assert.True(await _app.WithDbAsync(db => db.People.AnyAsync(p => p.Id == other.Id)));
    }

    [Fact]
    public async Task A_coordinator_serving_two_areas_leaves_a_merge_across_them_to_an_administrator()
    {
        var (other, _) = await SeedAsync("五郎", "ごろう");
        var (page, merge) = await OpenAndMergeAsync(other, alsoServesOthersArea: true);

        Assert.Contains("同じ人かもしれない記録", page);
        Assert.Contains("地区が違うため、統合は管理者が行います。", page);
        Assert.Equal(HttpStatusCode.Redirect, merge.StatusCode);
        Assert.True(await _app.WithDbAsync(db => db.People.AnyAsync(p => p.Id == other.Id)));
    }

    /// <summary>Records a 穂坂 twin of <paramref name="other"/>, opens it as the 穂坂 coordinator and asks to merge the other in.</summary>
    private async Task<(string Page, HttpResponseMessage Merge)> OpenAndMergeAsync(Person other, bool alsoServesOthersArea)
    {
        var mine = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().Named(other.FamilyName, other.GivenName, other.FamilyNameKana, other.GivenNameKana).WithEmail(OtherEmail)
                .InArea(await db.Areas.Where(a => a.Code == Hosaka).Select(a => a.Id).SingleAsync()).Build();
            db.People.Add(p);
            if (alsoServesOthersArea)
            {
                var user = await db.Users.SingleAsync(u => u.Email == Coordinator);
                db.StaffUserAreas.Add(new StaffUserArea { StaffUserId = user.Id, AreaId = other.AreaId!.Value });
            }
            await db.SaveChangesAsync();
            return p;
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, Coordinator, "Coordinator-Pass-1");
        var page = await client.GetStringAsync($"/Staff/People/{mine.Id}");
        var merge = await client.PostAsync($"/Staff/People/{mine.Id}/Merge/{other.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(page),
        }));
        return (page, merge);
    }

    /// <summary>竜岡's resident (竜岡 <paramref name="givenName"/>, certified and mailed) and this test's coordinator of 穂坂.</summary>
    private async Task<(Person Other, Certificate Certificate)> SeedAsync(string givenName, string givenNameKana)
    {
        var (hosaka, tatsuoka) = await _app.WithDbAsync(async db =>
        {
            var a = new Area { Code = Hosaka, Name = "穂坂地区", NameKana = "ほさかちく" };
            var b = new Area { Code = Tatsuoka, Name = "竜岡地区", NameKana = "たつおかちく" };
            db.Areas.AddRange(a, b);
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        });
        var other = new PersonBuilder().Named("竜岡", givenName, "たつおか", givenNameKana).WithEmail(OtherEmail).InArea(tatsuoka).Build();
        var completion = await _app.WithDbAsync(db => CompletionSeed.SaveAsync(db, other));
        Certificate certificate;
        await using (var scope = _app.Scope())
        {
            certificate = (await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(completion.Id)).Certificate!;
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().QueueAsync(new EmailRequest($"tatsuoka-{_tag}", "test-message", "ja", OtherEmail, other.FullName,
                new TestEmail("職員", "今"), PersonId: other.Id));
        }
        await StaffSignInClient.CreateCoordinatorAsync(_app, Coordinator, "Coordinator-Pass-1");
        await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == Coordinator);
            db.StaffUserAreas.Add(new StaffUserArea { StaffUserId = user.Id, AreaId = hosaka });
            await db.SaveChangesAsync();
        });
        return (other, certificate);
    }
}
