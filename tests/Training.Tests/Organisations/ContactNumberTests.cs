using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Organisations;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Organisations;

/// <summary>Residents are told to phone: every page, PDF and email they get shows the number, as an administrator set it.</summary>
public sealed class ContactNumberTests : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_number_an_administrator_sets_reaches_the_pages_the_schedule_PDF_and_the_confirmation_email()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(5).SaveAsync(db));
        var city = await _app.WithDbAsync(db => db.Organisations.Select(o => o.Id).SingleAsync());
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var form = await admin.GetStringAsync($"/Staff/Admin/Organisations/Edit/{city}");

        var saved = await admin.PostAsync($"/Staff/Admin/Organisations/Edit/{city}?handler=Contact", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "韮崎市", ["Phone"] = "0551-22-1111", ["OpeningHours"] = "平日 8:30〜17:15",
            ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(form),
        }));
        var anonymous = _app.CreateClient();
        var home = await anonymous.GetStringAsync("/");
        var coursePage = await anonymous.GetStringAsync($"/Courses/{course.Id}");
        var pdf = await anonymous.GetByteArrayAsync($"/Schedule/Pdf?month={TestClock.UtcNow:yyyy-MM}");
        var hanako = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().WithEmail("hanako@example.jp").Build();
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<RegistrationService>().RegisterAsync(course.Id, hanako.Id, ContactChannel.Phone, "staff");
        await _app.OutboxPreparedAsync();
        var mail = await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.PersonId == hanako.Id));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("tel:0551221111", home);
        Assert.Contains("平日 8:30〜17:15", home);
        Assert.Contains("tel:0551221111", coursePage);
        using (var document = UglyToad.PdfPig.PdfDocument.Open(pdf))
            Assert.Contains("0551-22-1111", string.Concat(document.GetPage(1).Letters.Select(l => l.Value)));
        Assert.Contains("0551-22-1111", mail.TextBody);
    }

    [Fact]
    public async Task A_course_shows_the_number_of_the_council_that_runs_it()
    {
        var course = await _app.WithDbAsync(async db =>
        {
            var council = new Organisation { Name = "韮崎市社会福祉協議会", Kind = OrganisationKind.SocialWelfareCouncil, Phone = "0551-22-2222", OpeningHours = "平日 9:00〜17:00" };
            return await new CourseBuilder().By(council).SaveAsync(db);
        });

        var page = await _app.CreateClient().GetStringAsync($"/Courses/{course.Id}");

        Assert.Contains("tel:0551222222", page);
        Assert.Contains("韮崎市社会福祉協議会", page);
    }
}
