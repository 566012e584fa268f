using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Attendance;

/// <remarks>One app for the class, on a clock no test moves; each test has a course and person of its own and asserts on their rows.</remarks>
public sealed class CheckInTests(CheckInTests.App shared) : IClassFixture<CheckInTests.App>
{
    // The session is 2026-12-09 10:00 Tokyo; now is 09:50 that morning.
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 12, 9, 0, 50, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.App;

    private async Task<(int RegistrationId, string Code, int CourseId, int PersonId)> SeedAsync()
    {
        var (registrationId, courseId, personId) = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(2, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db);
            var person = new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            var registration = new RegistrationBuilder().For(course.Id).Of(person.Id).Build();
            db.Registrations.Add(registration);
            await db.SaveChangesAsync();
            return (registration.Id, course.Id, person.Id);
        });
        var code = _app.Services.GetRequiredService<CheckInCodes>().Create(registrationId, new DateTime(2027, 2, 1, 0, 0, 0, DateTimeKind.Utc));
        return (registrationId, code, courseId, personId);
    }

    private async Task<HttpClient> CoordinatorAsync() => await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    [Fact]
    public async Task Scanning_a_participants_code_records_them_present_at_todays_session_and_a_second_scan_is_refused()
    {
        var (_, code, courseId, personId) = await SeedAsync();
        var client = await CoordinatorAsync();

        var confirm = await client.GetStringAsync($"/CheckIn/{code}");
        Assert.Contains("山﨑 和子", confirm);
        var first = await client.PostAsync($"/CheckIn/{code}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(confirm),
        }));
        var replay = await client.GetStringAsync($"/CheckIn/{code}");

        Assert.Contains("山﨑 和子さんを出席にしました。", await first.Content.ReadAsStringAsync());
        Assert.Contains("この方はすでに受付済みです。", replay);
        var record = await _app.WithDbAsync(db => db.Attendance.SingleAsync(a => a.Session!.CourseId == courseId || a.PersonId == personId));
        Assert.Equal((AttendanceStatus.Present, AttendanceSource.QrCode), (record.Status, record.Source));
    }

    [Fact]
    public async Task An_altered_code_is_refused_and_records_nothing()
    {
        var (_, code, courseId, personId) = await SeedAsync();
        var altered = code[..^3] + (code[^3] == 'A' ? "B" : "A") + code[^2..];

        var response = await (await CoordinatorAsync()).GetAsync($"/CheckIn/{altered}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("このQRコードは正しくありません。", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await _app.WithDbAsync(db => db.Attendance.CountAsync(a => a.Session!.CourseId == courseId || a.PersonId == personId)));
    }

    [Fact]
    public async Task An_expired_code_is_refused()
    {
        var (registrationId, _, _, _) = await SeedAsync();
        var expired = _app.Services.GetRequiredService<CheckInCodes>().Create(registrationId, new DateTime(2026, 12, 8, 0, 0, 0, DateTimeKind.Utc));

        var response = await (await CoordinatorAsync()).GetAsync($"/CheckIn/{expired}");

        Assert.Contains("このQRコードは期限切れです。", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Check_in_needs_a_signed_in_coordinator()
    {
        var (_, code, _, _) = await SeedAsync();

        var response = await _app.CreateBrowserLikeClient().GetAsync($"/CheckIn/{code}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_confirmation_email_carries_the_check_in_QR_code()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var person = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().WithEmail("kazuko@example.jp").Build();
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p;
        });

        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<RegistrationService>().RegisterAsync(course.Id, person.Id, Training.People.ContactChannel.Web);

        await _app.OutboxPreparedAsync();
        var email = await _app.WithDbAsync(db => db.OutboundEmails.Include(e => e.Attachments).SingleAsync(e => e.PersonId == person.Id || e.ToAddress == "kazuko@example.jp"));
        var attachment = Assert.Single(email.Attachments);
        Assert.Equal("checkin-qr.png", attachment.FileName);
        // Stored once per registration and attached by reference, for the confirmation and every reminder.
        var png = File.ReadAllBytes(Path.Combine(_app.Directory, "data", attachment.StoredPath!));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        Assert.Contains("QRコード", email.TextBody);
    }
}
