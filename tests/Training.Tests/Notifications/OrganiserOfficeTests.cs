using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Certificates;
using Training.Courses;
using Training.Notifications;
using Training.Organisations;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>
/// Residents are told to call the office that runs the course, and nothing welcomes them to a day already over.
/// Tests that read only their own person's mail and calls share one app; the schedule (the whole month's) and a test
/// that moves the clock have their own (<see cref="OwnApp"/>).
/// </summary>
public sealed class OrganiserOfficeTests(OrganiserOfficeTests.App shared) : IClassFixture<OrganiserOfficeTests.App>, IDisposable
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);
    private static readonly DateTime FirstSession = new(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc); // Wed 9 Dec 10:00

    private static Dictionary<string, string?> Settings() => new() { ["Site:ContactPhone"] = "0551-22-1111" };

    private static FakeTimeProvider FirstOfDecember() => new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, Tokyo));

    /// <summary>The shared app; its clock stays at 1 December 10:00.</summary>
    public sealed class App() : SharedApp(Settings(), FirstOfDecember());

    private TrainingApp? _own;

    private TrainingApp _app => _own ?? shared.App;

    private FakeTimeProvider _time => _app.Time!;

    /// <summary>For a test that reads the whole month's schedule or moves the clock: an app of its own, set up the same.</summary>
    private void OwnApp() => _own = new TrainingApp(Settings(), FirstOfDecember());

    public void Dispose() => _own?.Dispose();

    /// <summary>A course run by the district's council of social welfare, with its own number and address.</summary>
    private Task<Course> CouncilCourseAsync(int sessions = 2) => _app.WithDbAsync(async db =>
    {
        var course = await new CourseBuilder().WithSessions(sessions, FirstSession).SaveAsync(db);
        var council = new Organisation
        {
            Name = "韮崎市社会福祉協議会", Kind = OrganisationKind.SocialWelfareCouncil, IssuerTitle = "会長", Phone = "0551-22-2222",
            Email = "shakyo@example.jp", OpeningHours = "平日 8:30〜17:15",
        };
        db.Organisations.Add(council);
        await db.SaveChangesAsync();
        await db.Courses.Where(c => c.Id == course.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.OrganisationId, council.Id));
        return course;
    });

    private Task<Person> PersonAsync(string? email = "kazuko@example.jp") => _app.WithDbAsync(async db =>
    {
        var person = new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").WithEmail(email).WithPhone("090-1234-5678").Build();
        person.RecordConsent(ConsentPurpose.Contact, true, "連絡に使うことに同意します。", default, ContactChannel.Web, null);
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person;
    });

    private async Task<RegistrationResult> BookAsync(int courseId, int personId, ContactChannel channel = ContactChannel.Web)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<RegistrationService>().RegisterAsync(courseId, personId, channel,
            staffId: channel == ContactChannel.Web ? null : "staff-1");
    }

    [Fact]
    public async Task The_confirmation_of_a_council_run_course_names_the_council_and_its_number_and_replies_go_to_it()
    {
        var course = await CouncilCourseAsync();
        var person = await PersonAsync();

        await BookAsync(course.Id, person.Id);

        await _app.OutboxPreparedAsync();
        var mail = await _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().Include(e => e.Attachments)
            .SingleAsync(e => e.TemplateName == "registration-confirmed" && e.PersonId == person.Id));
        Assert.Contains("お問い合わせ：韮崎市社会福祉協議会 0551-22-2222", mail.TextBody);
        Assert.DoesNotContain("0551-22-1111", mail.TextBody);
        Assert.Contains("href=\"tel:0551222222\"", mail.HtmlBody);
        Assert.Contains("/My/Recover", mail.TextBody);
        await using var scope = _app.Scope();
        var message = scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().ToMimeMessage(mail);
        Assert.Equal("shakyo@example.jp", message.ReplyTo.Mailboxes.Single().Address);
        var own = System.Net.WebUtility.HtmlDecode(await _app.CreateClient().GetStringAsync($"/My/{person.AccessToken}"));
        Assert.Contains("韮崎市社会福祉協議会 <a href=\"tel:0551222222\">0551-22-2222</a>", own);
    }

    [Fact]
    public async Task The_schedule_pdf_names_the_council_with_its_number_for_the_course_it_runs()
    {
        OwnApp();
        await CouncilCourseAsync();

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await _app.CreateClient().GetByteArrayAsync("/Schedule/Pdf?month=2026-12"));
        var text = string.Concat(pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.Value));

        Assert.Contains("韮崎市社会福祉協議会", text);
        Assert.Contains("0551-22-2222", text);
        Assert.DoesNotContain("0551-22-1111", text);
    }

    [Fact]
    public async Task A_booking_typed_in_after_a_session_was_held_lists_that_session_as_recorded_not_as_a_day_to_come()
    {
        OwnApp();
        var course = await CouncilCourseAsync(sessions: 2);
        var person = await PersonAsync();
        _time.SetUtcNow(new DateTimeOffset(FirstSession.AddDays(2))); // session 1 (9 Dec) over, session 2 (6 Jan) to come

        var booked = await BookAsync(course.Id, person.Id, ContactChannel.Paper);

        Assert.Equal(RegistrationOutcome.Confirmed, booked.Outcome);
        await _app.OutboxPreparedAsync();
        var mail = await _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().SingleAsync(e => e.TemplateName == "registration-confirmed"));
        var (toCome, held) = (mail.TextBody[mail.TextBody.IndexOf("■ お申し込みの日程")..mail.TextBody.IndexOf("■ お申し込みの時点で")],
            mail.TextBody[mail.TextBody.IndexOf("■ お申し込みの時点で")..]);
        Assert.Contains("1月6日", toCome);
        Assert.DoesNotContain("12月9日", toCome);
        Assert.Contains("12月9日", held);
        Assert.Contains("出席したかどうかは、当日の記録のとおりです。", held);
    }

    private async Task<Certificate> CertificateAsync(Person person)
    {
        var course = await CouncilCourseAsync();
        var completion = await _app.WithDbAsync(async db => await CompletionSeed.SaveAsync(db, await db.People.FirstAsync(p => p.Id == person.Id),
            await db.Courses.FirstAsync(c => c.Id == course.Id)));
        return (await _app.IssueAsync(completion.Id)).Certificate!;
    }

    private async Task RevokeAsync(Certificate certificate)
    {
        await using var scope = _app.Scope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().RevokeAsync(certificate.Id, "出席の記録に誤りがありました", "staff", "職員"));
    }

    [Fact]
    public async Task A_revoked_certificate_is_told_to_its_holder_by_email_with_the_reason_and_the_offices_number()
    {
        var person = await PersonAsync();
        var certificate = await CertificateAsync(person);

        await RevokeAsync(certificate);

        var mail = await _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().SingleAsync(e => e.TemplateName == "certificate-revoked" && e.PersonId == person.Id));
        Assert.Equal("kazuko@example.jp", mail.ToAddress);
        Assert.Contains("取り消しました", mail.Subject);
        Assert.Contains("出席の記録に誤りがありました", mail.TextBody);
        Assert.Contains("韮崎市社会福祉協議会 0551-22-2222", mail.TextBody);
    }

    [Fact]
    public async Task A_revoked_certificate_of_someone_without_email_puts_a_call_on_the_list()
    {
        var person = await PersonAsync(email: null);
        var certificate = await CertificateAsync(person);

        await RevokeAsync(certificate);

        var call = await _app.WithDbAsync(db => db.CallList.AsNoTracking().SingleAsync(c => c.Kind == "certificate-revoked" && c.PersonId == person.Id));
        Assert.Equal(person.Id, call.PersonId);
        Assert.Contains("出席の記録に誤りがありました", call.Message);
        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.TemplateName == "certificate-revoked" && e.PersonId == person.Id)));
    }
}
