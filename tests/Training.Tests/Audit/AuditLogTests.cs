using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Audit;
using Training.Certificates;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Audit;

/// <summary>
/// Each auditable action, performed once, leaves exactly one row in the log — about someone or something named in
/// words, by the staff member's one display name (or the resident, or the system) — and the log page and CSV read it.
/// </summary>
public sealed class AuditLogTests(AuditLogTests.App shared) : IClassFixture<AuditLogTests.App>
{
    /// <summary>
    /// One app for the class, its clock frozen (no test moves it) on Wednesday 9 December 2026, 10:30 in Japan: the first
    /// session (10:00–12:00) is under way. Each test counts the rows about its own course or person.
    /// </summary>
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 12, 9, 1, 30, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.App;

    /// <summary>The log's rows of one action about this test's own course, person or thing.</summary>
    private Task<List<AuditEntry>> RowsAsync(string action, System.Linq.Expressions.Expression<Func<AuditEntry, bool>> mine) =>
        _app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == action).Where(mine).ToListAsync());

    private static void ReadsInWords(AuditEntry row)
    {
        Assert.False(string.IsNullOrWhiteSpace(row.TargetLabel), $"{row.Action} has no target in words");
        Assert.False(row.TargetLabel.All(c => char.IsAsciiDigit(c) || c == ' '), $"{row.Action} names its target by id: {row.TargetLabel}");
        Assert.DoesNotContain(row.EntityType, row.TargetLabel);
    }

    [Fact]
    public async Task Bookings_attendance_walk_ins_and_certificates_each_leave_one_readable_row()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db));
        var sessionId = await _app.WithDbAsync(db => db.Sessions.Where(s => s.CourseId == course.Id).Select(s => s.Id).SingleAsync());
        var staffId = await _app.WithDbAsync(db => db.Users.Where(u => u.Email == TrainingApp.AdminEmail).Select(u => u.Id).SingleAsync());
        await using var scope = _app.Scope();
        var registrations = scope.ServiceProvider.GetRequiredService<RegistrationService>();
        var attendance = scope.ServiceProvider.GetRequiredService<AttendanceService>();

        var hanako = await registrations.RegisterPersonAsync(course.Id, new PersonDetails("髙橋", "花子", "たかはし", "はなこ", "hanako@example.jp", null, null, 1950),
            ContactChannel.Web);
        var jiro = await registrations.RegisterPersonAsync(course.Id, new PersonDetails("山﨑", "次郎", "やまざき", "じろう", "jiro@example.jp", null, null, 1948),
            ContactChannel.Phone, staffId);
        await registrations.CancelAsync(jiro.Registration!.Id, "都合が悪くなった", staffId);
        await attendance.RecordAsync(sessionId, hanako.Person!.Id, AttendanceStatus.Present, null, staffId, AttendanceSource.Tablet);
        await attendance.AddWalkInAsync(sessionId, new PersonDetails("𠮷田", "三郎", "よしだ", "さぶろう", null, "0551-22-3333", null, 1945), staffId);

        var booked = Assert.Single(await RowsAsync("registration", r => r.CourseId == course.Id), r => r.PersonId == hanako.Person.Id);
        Assert.Null(booked.StaffUserId);
        Assert.Equal(Actor.ResidentName, booked.StaffUserName);
        Assert.Contains("髙橋 花子", booked.TargetLabel);
        var byPhone = Assert.Single(await RowsAsync("registration", r => r.CourseId == course.Id), r => r.PersonId == jiro.Person!.Id);
        Assert.Equal(staffId, byPhone.StaffUserId);
        Assert.Equal(2, (await RowsAsync("registration", r => r.CourseId == course.Id)).Count);
        var cancelled = Assert.Single(await RowsAsync("registration-cancel", r => r.CourseId == course.Id));
        Assert.Contains("都合が悪くなった", cancelled.Details);
        var marked = Assert.Single(await RowsAsync("attendance", r => r.CourseId == course.Id));
        Assert.Equal(course.Id, marked.CourseId);
        var walkIn = Assert.Single(await RowsAsync("walk-in", r => r.CourseId == course.Id));
        Assert.Contains("𠮷田 三郎", walkIn.TargetLabel);
        Assert.Equal("new person", walkIn.Details);
        // The walk-in's booking and mark are that one row, not three.
        Assert.Empty(await RowsAsync("registration", r => r.PersonId == walkIn.PersonId));
        Assert.Single(await RowsAsync("attendance", r => r.CourseId == course.Id));
        foreach (var row in new[] { booked, byPhone, cancelled, marked, walkIn }) ReadsInWords(row);
    }

    [Fact]
    public async Task An_automatic_certificate_is_the_systems_and_a_revocation_is_one_row()
    {
        // Issued on the product's own clock, after the seeded completion.
        using var app = new TrainingApp();
        var person = new PersonBuilder().Named("渡邉", "和子", "わたなべ", "かずこ").Build();
        var completion = await app.WithDbAsync(db => CompletionSeed.SaveAsync(db, person));
        await using var scope = app.Scope();
        var issuer = scope.ServiceProvider.GetRequiredService<CertificateIssuer>();
        var certificate = (await issuer.IssueAsync(completion.Id)).Certificate!;
        await issuer.RevokeAsync(certificate.Id, "受講記録の誤り", null, "管理者");

        Task<List<AuditEntry>> RowsAsync(string action) => app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == action).ToListAsync());
        var issued = Assert.Single(await RowsAsync("issue-auto"));
        Assert.Null(issued.StaffUserId);
        Assert.Equal(person.Id, issued.PersonId);
        Assert.Contains("渡邉 和子", issued.TargetLabel);
        var revoked = Assert.Single(await RowsAsync("revoke"));
        Assert.Contains("受講記録の誤り", revoked.Details);
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == "Certificate" && a.Action.Contains("revoke"))));
        ReadsInWords(issued);
        ReadsInWords(revoked);
    }

    [Fact]
    public async Task Creating_a_program_and_a_course_and_moving_a_session_read_in_words_on_the_log_page_and_in_the_CSV()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(2, new DateTime(2026, 12, 16, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db));
        var session = await _app.WithDbAsync(db => db.Sessions.OrderBy(s => s.StartsAt).FirstAsync(s => s.CourseId == course.Id));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var moved = await Forms.SubmitAsync(client, $"/Staff/Sessions/{session.Id}/Edit",
            new Dictionary<string, string> { ["Input.Date"] = "2026-12-17", ["Confirmed"] = "true", ["Input.Reason"] = "会場の都合" }, $"/Staff/Sessions/{session.Id}/Edit?handler=Save");
        var program = await Forms.SubmitAsync(client, "/Staff/Programs/Edit", new Dictionary<string, string>
        {
            ["Input.Name"] = "見守り活動入門", ["Input.NameKana"] = "みまもりかつどうにゅうもん", ["Input.OrganisationId"] = course.OrganisationId.ToString(),
        });
        var page = await client.GetStringAsync("/Staff/Admin/Audit");
        var csv = await client.GetStringAsync("/Staff/Admin/Audit?handler=Csv");
        var kind = await client.GetStringAsync("/Staff/Admin/Audit?kind=courses");

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, program.StatusCode);
        var move = Assert.Single(await RowsAsync("session-move", r => r.CourseId == course.Id));
        ReadsInWords(move);
        Assert.Contains("会場の都合", move.Details);
        var created = (await _app.WithDbAsync(db => db.Programs.SingleAsync(p => p.Name == "見守り活動入門"))).Id.ToString();
        Assert.Single(await RowsAsync("program-create", r => r.EntityId == created));
        Assert.Contains("回の日時・会場を変えた", page);
        Assert.Contains("見守り活動入門", page);
        Assert.DoesNotContain("Session " + session.Id, page);
        Assert.Contains("2026-12-09", csv);
        Assert.Contains("Asia/Tokyo (UTC+09:00)", csv);
        Assert.Contains("見守り活動入門", kind);
        Assert.DoesNotContain("個人情報を見た", kind);
    }

    [Fact]
    public async Task A_days_views_of_one_person_by_one_staff_member_read_as_one_row_with_a_count()
    {
        var person = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().Named("佐藤", "一郎", "さとう", "いちろう").Build();
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        for (var i = 0; i < 3; i++) await client.GetStringAsync($"/Staff/People/{person.Id}");

        var page = await client.GetStringAsync($"/Staff/Admin/Audit?personId={person.Id}");

        Assert.Equal(3, (await RowsAsync("view", r => r.PersonId == person.Id)).Count);
        Assert.Contains("3回", page);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "個人情報を見た"));
    }
}
