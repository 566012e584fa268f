using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Courses;
using Training.Qualifications;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Qualifications;

/// <remarks>
/// One app for the tests on a clock nobody moves, each with a course, qualification type and person of its own,
/// asserting on their rows; the tests that move the clock a year or two on keep an app of their own (<see cref="OwnApp"/>).
/// </remarks>
public sealed class QualificationTests(QualificationTests.App shared) : IClassFixture<QualificationTests.App>, IDisposable
{
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 3, 0, 0, TimeSpan.Zero);

    public sealed class App() : SharedApp(null, new FakeTimeProvider(Now));

    private TrainingApp _app = shared.App;
    private FakeTimeProvider _time = shared.Time!;
    private TrainingApp? _own;

    /// <summary>An app of this test's own, on a clock of its own that the test moves.</summary>
    private void OwnApp()
    {
        _time = new FakeTimeProvider(Now);
        _app = _own = new TrainingApp(time: _time);
    }

    public void Dispose() => _own?.Dispose();

    /// <summary>A 3-session supporter course granting 生活支援サポーター valid for 24 months, and a participant.</summary>
    private async Task<(List<int> Sessions, int PersonId, int TypeId, int ProgramId, int CourseId)> SeedAsync(string family = "山田", string given = "花子", string familyKana = "やまだ", string givenKana = "はなこ",
        string typeName = "生活支援サポーター")
    {
        return await _app.WithDbAsync(async db =>
        {
            var type = QualificationType.Create(typeName, 24);
            db.QualificationTypes.Add(type);
            var course = await new CourseBuilder().WithSessions(3, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db);
            var program = await db.Programs.SingleAsync(p => p.Id == course.ProgramId);
            program.Edit(program.Details() with { CompletionRule = CompletionRuleKind.AllSessions, GrantsQualificationTypeId = type.Id });
            var person = new PersonBuilder().Named(family, given, familyKana, givenKana).WithEmail("kazuko@example.jp").Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(person.Id).Build());
            await db.SaveChangesAsync();
            var sessions = await db.Sessions.Where(s => s.CourseId == course.Id).OrderBy(s => s.SequenceNumber).Select(s => s.Id).ToListAsync();
            return (sessions, person.Id, type.Id, program.Id, course.Id);
        });
    }

    private async Task MarkAsync(int sessionId, int personId, AttendanceStatus status)
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<AttendanceService>().RecordAsync(sessionId, personId, status, null, "staff", AttendanceSource.Tablet);
    }

    [Fact]
    public async Task Completing_the_program_grants_its_qualification_and_a_withdrawn_completion_withdraws_it()
    {
        var (sessions, personId, typeId, _, _) = await SeedAsync();
        foreach (var s in sessions) await MarkAsync(s, personId, AttendanceStatus.Present);

        var granted = await _app.WithDbAsync(db => db.Qualifications.AsNoTracking().SingleAsync(q => q.PersonId == personId || q.QualificationTypeId == typeId));
        Assert.Equal(typeId, granted.QualificationTypeId);
        Assert.Equal(_time.GetUtcNow().UtcDateTime.AddMonths(24), granted.ExpiresAt);
        Assert.Equal(QualificationStatus.Active, QualificationService.StatusOf(granted, _time.GetUtcNow().UtcDateTime));

        await MarkAsync(sessions[1], personId, AttendanceStatus.Absent);
        var withdrawn = await _app.WithDbAsync(db => db.Qualifications.AsNoTracking().SingleAsync(q => q.PersonId == personId || q.QualificationTypeId == typeId));
        Assert.Equal(QualificationStatus.Withdrawn, QualificationService.StatusOf(withdrawn, _time.GetUtcNow().UtcDateTime));

        await MarkAsync(sessions[1], personId, AttendanceStatus.Present);
        Assert.Null((await _app.WithDbAsync(db => db.Qualifications.AsNoTracking().SingleAsync(q => q.PersonId == personId || q.QualificationTypeId == typeId))).WithdrawnAt);
    }

    [Fact]
    public async Task A_follow_up_training_renews_the_qualification()
    {
        OwnApp();
        var (sessions, personId, typeId, _, course) = await SeedAsync();
        foreach (var s in sessions) await MarkAsync(s, personId, AttendanceStatus.Present);
        _time.Advance(TimeSpan.FromDays(400));
        var followUpSession = await _app.WithDbAsync(async db =>
        {
            var organisationId = await db.Courses.Where(c => c.Id == course).Select(c => c.OrganisationId).SingleAsync();
            var program = new ProgramBuilder().Named("フォローアップ研修").By(organisationId).WithPlannedSessions(1).CompletedBy(CompletionRuleKind.AllSessions).Renewing(typeId).Build();
            db.Programs.Add(program);
            await db.SaveChangesAsync();
            var followUp = await new CourseBuilder().Of(program).Titled("令和9年度").WithSessions(1, _time.GetUtcNow().UtcDateTime.AddHours(-3)).SaveAsync(db);
            var session = followUp.Sessions[0];
            db.Registrations.Add(new RegistrationBuilder().For(followUp.Id).Of(personId).Build());
            await db.SaveChangesAsync();
            return session.Id;
        });

        await MarkAsync(followUpSession, personId, AttendanceStatus.Present);

        var renewed = await _app.WithDbAsync(db => db.Qualifications.AsNoTracking().SingleAsync());
        Assert.Equal(_time.GetUtcNow().UtcDateTime.AddMonths(24).Date, renewed.ExpiresAt!.Value.Date);
        Assert.NotNull(renewed.LastRenewedAt);
    }

    [Fact]
    public async Task Holders_are_reminded_once_per_offset_before_expiry()
    {
        OwnApp();
        var (sessions, personId, _, _, _) = await SeedAsync();
        foreach (var s in sessions) await MarkAsync(s, personId, AttendanceStatus.Present);
        await using var scope = _app.Scope();
        var job = scope.ServiceProvider.GetRequiredService<QualificationExpiryJob>();

        _time.Advance(TimeSpan.FromDays(730 - 80)); // 80 days before expiry: inside the 90-day reminder
        await job.RunAsync(CancellationToken.None);
        await job.RunAsync(CancellationToken.None);
        var afterFirst = await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.TemplateName == "qualification-expiring"));
        _time.Advance(TimeSpan.FromDays(60)); // 20 days before: the 30-day reminder too
        await job.RunAsync(CancellationToken.None);
        var afterSecond = await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.TemplateName == "qualification-expiring"));

        Assert.Equal(1, afterFirst);
        Assert.Equal(2, afterSecond);
        var email = await _app.WithDbAsync(db => db.OutboundEmails.FirstAsync(e => e.TemplateName == "qualification-expiring"));
        Assert.Contains("有効期限が近づいています", email.Subject);
    }

    [Fact]
    public async Task A_supporter_is_listed_only_with_consent_and_only_coordinators_can_find_them()
    {
        var (sessions, personId, typeId, _, _) = await SeedAsync("萩原", "律子", "はぎわら", "りつこ", typeName: "見守りサポーター");
        foreach (var s in sessions) await MarkAsync(s, personId, AttendanceStatus.Present);
        Func<IQueryable<Qualification>, IQueryable<Qualification>> mine = q => q.Where(x => x.PersonId == personId || x.QualificationTypeId == typeId);
        var qualificationId = await _app.WithDbAsync(db => mine(db.Qualifications).Select(q => q.Id).SingleAsync());
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        Dictionary<string, string> Listing(bool consent) => new()
        {
            ["qualificationId"] = qualificationId.ToString(), ["listed"] = "true", ["interests"] = "買い物の付き添い", ["consent"] = consent ? "true" : "false",
        };

        await Forms.PostAsync(client, $"/Staff/People/{personId}", Listing(consent: false), $"/Staff/People/{personId}?handler=Listing");
        Assert.False(await _app.WithDbAsync(db => mine(db.Qualifications).Select(q => q.ListedAsSupporter).SingleAsync()));
        await Forms.PostAsync(client, $"/Staff/People/{personId}", Listing(consent: true), $"/Staff/People/{personId}?handler=Listing");

        var found = await client.GetStringAsync($"/Staff/Supporters?interest={Uri.EscapeDataString("買い物")}");
        var notFound = await client.GetStringAsync($"/Staff/Supporters?interest={Uri.EscapeDataString("料理")}");
        var anonymous = await _app.CreateBrowserLikeClient().GetAsync("/Staff/Supporters");
        Assert.Contains("萩原 律子", found);
        Assert.DoesNotContain("萩原 律子", notFound);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, anonymous.StatusCode);
        var consent = await _app.WithDbAsync(db => db.Consents.SingleAsync(c => c.PersonId == personId && c.Purpose == Training.People.ConsentPurpose.SupporterListing));
        Assert.True(consent.Granted);
        Assert.Contains("名簿", consent.Wording);
    }

    [Theory]
    [InlineData(null, null, QualificationStatus.Active)]
    [InlineData(400, null, QualificationStatus.Active)]
    [InlineData(60, null, QualificationStatus.Expiring)]
    [InlineData(-1, null, QualificationStatus.Expired)]
    [InlineData(400, "withdrawn", QualificationStatus.Withdrawn)]
    public void Status_follows_expiry_and_withdrawal(int? expiresInDays, string? withdrawn, QualificationStatus expected)
    {
        var now = new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var qualification = new Qualification { ExpiresAt = expiresInDays is { } d ? now.AddDays(d) : null, WithdrawnAt = withdrawn is null ? null : now };

        Assert.Equal(expected, QualificationService.StatusOf(qualification, now));
    }
}
