using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Certificates;
using Training.Notifications;
using Training.People;
using Training.Reports;
using Training.Tests.Infrastructure;

namespace Training.Tests.People;

/// <summary>Personal data as the law expects: export on request, deletion by anonymising, retention, and an audit trail.</summary>
/// <remarks>
/// One app for the class, its time frozen and moved by no test: each test completes a person of its own and asserts on that
/// person's rows. The notice above a thousand people counts everyone on record, so that test keeps an app of its own.
/// </remarks>
public sealed class PersonalDataTests(PersonalDataTests.App shared) : IClassFixture<PersonalDataTests.App>
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    public sealed class App() : SharedApp(null, Frozen());

    private static FakeTimeProvider Frozen() => new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, Tokyo));

    private FakeTimeProvider _time = shared.Time!;
    private TrainingApp _app = shared.App;

    /// <summary>A person who attended and completed a course, with a certificate and a pending reminder.</summary>
    private async Task<(Person Person, Certificate Certificate)> CompletedAsync()
    {
        var person = new PersonBuilder().Named("𠮷田", "春江", "よしだ", "はるえ").WithEmail("harue@example.jp").BornIn(1948).OfSex(Sex.Female).Build();
        var completion = await _app.WithDbAsync(async db =>
        {
            var saved = await CompletionSeed.SaveAsync(db, person);
            var session = await db.Sessions.FirstAsync(s => s.CourseId == saved.CourseId);
            var startsAt = _time.GetUtcNow().UtcDateTime.AddDays(-10);
            session.Reschedule(startsAt, startsAt.AddHours(2), session.Venue, session.Instructor, session.Topic, null, "日時を変更しました");
            db.Attendance.Add(new AttendanceRecord { SessionId = session.Id, PersonId = person.Id, Status = AttendanceStatus.Present, RecordedAt = session.StartsAt, Note = "杖をお持ち" });
            db.Consents.Add(Consent.Record(person.Id, ConsentPurpose.Contact, true, "連絡に使うことに同意します。", TestClock.UtcNow, ContactChannel.Web));
            db.OutboundEmails.Add(new OutboundEmail { IdempotencyKey = PendingReminderKey(person), PersonId = person.Id, ToAddress = "harue@example.jp", ToName = "𠮷田 春江", Subject = "明日は講座です", TextBody = "𠮷田 春江 様" });
            await db.SaveChangesAsync();
            return saved;
        });
        await using var scope = _app.Scope();
        var certificate = (await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(completion.Id)).Certificate!;
        return (person, certificate);
    }

    private static string PendingReminderKey(Person person) => $"pending-{person.Id}";

    [Fact]
    public async Task The_export_holds_everything_about_the_person_exactly_and_is_logged()
    {
        var (person, certificate) = await CompletedAsync();
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var json = await client.GetByteArrayAsync($"/Staff/People/{person.Id}?handler=Export&format=json");
        var csv = await client.GetByteArrayAsync($"/Staff/People/{person.Id}?handler=Export&format=csv");

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("𠮷田", root.GetProperty("person").GetProperty("family_name").GetString());
        Assert.Equal("harue@example.jp", root.GetProperty("person").GetProperty("email").GetString());
        Assert.Equal("連絡に使うことに同意します。", root.GetProperty("consents")[0].GetProperty("wording").GetString());
        Assert.Equal(1, root.GetProperty("registrations").GetArrayLength());
        Assert.Equal("杖をお持ち", root.GetProperty("attendance")[0].GetProperty("note").GetString());
        Assert.Equal(certificate.SerialLabel, root.GetProperty("certificates")[0].GetProperty("serial").GetString());
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv.Take(3));
        Assert.Contains("\"person\",\"1\",\"family_name\",\"𠮷田\"", Encoding.UTF8.GetString(csv));
        var audit = await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.PersonId == person.Id).Select(a => a.Action).ToListAsync());
        Assert.Contains("export-json", audit);
        Assert.Contains("export-csv", audit);
    }

    [Fact]
    public async Task Anonymising_removes_what_names_or_reaches_the_person_and_keeps_the_figures_and_the_certificate_serial()
    {
        var (person, certificate) = await CompletedAsync();
        var before = await ReportAsync();
        var pdf = Path.Combine(_app.Directory, "data", "certificates", certificate.PdfPath);
        Assert.True(File.Exists(pdf));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var response = await Forms.PostAsync(client, $"/Staff/People/{person.Id}", new Dictionary<string, string> { ["DeleteReason"] = "ご本人からの申し出" },
            $"/Staff/People/{person.Id}?handler=Anonymise");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await ReportAsync();
        Assert.Equal((before.People, before.Attendances, before.Completions), (after.People, after.Attendances, after.Completions));
        Assert.Equal(before.ByAgeBand, after.ByAgeBand);
        Assert.Equal(before.BySex, after.BySex);
        var stored = await _app.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == person.Id));
        Assert.Equal((PersonalData.AnonymousName, "", null, null, 1948), (stored.FamilyName, stored.GivenName, stored.Email, stored.Phone, stored.BirthYear));
        Assert.NotEqual(person.AccessToken, stored.AccessToken);
        var kept = await _app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.Id == certificate.Id));
        Assert.Equal((certificate.SerialLabel, PersonalData.AnonymousName), (kept.SerialLabel, kept.NameAsPrinted));
        Assert.False(File.Exists(pdf));
        var email = await _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().SingleAsync(e => e.IdempotencyKey == PendingReminderKey(person)));
        Assert.Equal(EmailStatus.Cancelled, email.Status);
        Assert.DoesNotContain("春江", email.TextBody + email.ToName + email.Subject);
        Assert.Null(await _app.WithDbAsync(db => db.Attendance.Where(a => a.PersonId == person.Id).Select(a => a.Note).SingleAsync()));
        Assert.DoesNotContain("𠮷田", await _app.CreateClient().GetStringAsync($"/verify/{certificate.VerificationCode}"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/My/{person.AccessToken}")).StatusCode);
        Assert.Contains("ご本人からの申し出", await client.GetStringAsync($"/Staff/Admin/Audit?personId={person.Id}"));
    }

    [Fact]
    public async Task A_coordinator_cannot_delete_and_a_reason_is_required()
    {
        var (person, _) = await CompletedAsync();
        await StaffSignInClient.CreateCoordinatorAsync(_app, "coordinator@example.jp", "Coordinator-Pass-1");
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, "coordinator@example.jp", "Coordinator-Pass-1");
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var refused = await Forms.PostAsync(coordinator, $"/Staff/People/{person.Id}", new Dictionary<string, string> { ["DeleteReason"] = "理由" },
            $"/Staff/People/{person.Id}?handler=Anonymise");
        var noReason = await Forms.PostAsync(admin, $"/Staff/People/{person.Id}", new Dictionary<string, string> { ["DeleteReason"] = "" },
            $"/Staff/People/{person.Id}?handler=Anonymise");

        Assert.Contains("/Account/AccessDenied", refused.Headers.Location?.OriginalString ?? "");
        Assert.Contains("削除の理由を入力してください", await noReason.Content.ReadAsStringAsync());
        Assert.Null(await _app.WithDbAsync(db => db.People.Where(p => p.Id == person.Id).Select(p => p.AnonymisedAt).SingleAsync()));
    }

    [Fact]
    public async Task The_retention_job_anonymises_people_inactive_for_the_period_and_keeps_the_others()
    {
        var (active, _) = await CompletedAsync();
        var dormant = await _app.WithDbAsync(async db =>
        {
            var person = new PersonBuilder().Named("佐藤", "進", "さとう", "すすむ").Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            await db.People.Where(p => p.Id == person.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.UpdatedAt, TestClock.UtcNow.AddYears(-6)));
            return person;
        });

        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<PersonalDataRetentionJob>().RunAsync(CancellationToken.None);

        var anonymised = await _app.WithDbAsync(db => db.People.Where(p => p.AnonymisedAt != null && (p.Id == dormant.Id || p.Id == active.Id)).Select(p => p.Id).ToListAsync());
        Assert.Equal([dormant.Id], anonymised);
        Assert.Contains(active.Id, await _app.WithDbAsync(db => db.People.Where(p => p.AnonymisedAt == null).Select(p => p.Id).ToListAsync()));
    }

    [Fact]
    public async Task Viewing_a_person_is_logged_and_administrators_see_a_notice_above_a_thousand_people()
    {
        // Its own app: the notice counts everyone on record.
        using var app = new TrainingApp(time: Frozen());
        (_app, _time) = (app, app.Time!);
        var (person, _) = await CompletedAsync();
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var quiet = await admin.GetStringAsync("/Staff");
        await _app.WithDbAsync(async db =>
        {
            db.People.AddRange(Enumerable.Range(0, 1000).Select(i => new PersonBuilder().Named("山田", $"花子{i}", "やまだ", "はなこ").Build()));
            await db.SaveChangesAsync();
        });

        await admin.GetStringAsync($"/Staff/People/{person.Id}");
        var dashboard = await admin.GetStringAsync("/Staff");

        Assert.DoesNotContain("register-notice", quiet);
        Assert.Contains("個人情報ファイル簿への記載が必要です", dashboard);
        Assert.Contains("1,001人", dashboard);
        Assert.Contains("view", await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.PersonId == person.Id).Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task Staff_record_a_consent_given_by_phone_with_the_wording_and_the_date_and_it_shows_on_the_page()
    {
        var (person, _) = await CompletedAsync();
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        await Forms.PostAsync(client, $"/Staff/People/{person.Id}", new Dictionary<string, string>
        {
            ["purpose"] = "SharingWithActivityGroups", ["granted"] = "true", ["channel"] = "Phone",
        }, $"/Staff/People/{person.Id}?handler=Consent");
        var page = await client.GetStringAsync($"/Staff/People/{person.Id}");

        var consent = await _app.WithDbAsync(db => db.Consents.SingleAsync(c => c.PersonId == person.Id && c.Purpose == ConsentPurpose.SharingWithActivityGroups));
        Assert.True(consent.Granted);
        Assert.Equal(ContactChannel.Phone, consent.Channel);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, consent.RecordedAt);
        Assert.Contains("活動の紹介のために氏名と連絡先を伝えることに同意します", consent.Wording);
        Assert.Contains("活動団体への紹介", page);
        Assert.Contains("consent", await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.PersonId == person.Id).Select(a => a.Action).ToListAsync()));
    }

    private async Task<FiscalYearFigures> ReportAsync()
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<FiscalYearReport>().ComputeAsync(2026);
    }
}
