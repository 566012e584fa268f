using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Courses;
using Training.Qualifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Qualifications;

/// <summary>
/// A program given its qualification after people completed it: the pages say how many lack it, a preview names them
/// with their completion date, and one step grants it to them — audited once, and granting again grants nobody.
/// </summary>
public sealed class RetroactiveGrantTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 6, 1, 3, 0, 0, TimeSpan.Zero));
    private readonly TrainingApp _app;

    public RetroactiveGrantTests() => _app = new TrainingApp(time: _time);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Those_who_completed_before_the_qualification_was_attached_are_previewed_then_granted_it_once()
    {
        var (programId, typeId) = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().SaveAsync(db);
            await CompletionSeed.SaveAsync(db, new PersonBuilder().Named("佐藤", "一郎", "さとう", "いちろう").Build(), course);
            await CompletionSeed.SaveAsync(db, new PersonBuilder().Named("鈴木", "二郎", "すずき", "じろう").Build(), course);
            var withdrawn = await CompletionSeed.SaveAsync(db, new PersonBuilder().Named("高橋", "三郎", "たかはし", "さぶろう").Build(), course);
            withdrawn.NoLongerMet(hasCertificate: false, TestClock.UtcNow);
            var type = QualificationType.Create("生活支援サポーター", 24);
            db.QualificationTypes.Add(type);
            await db.SaveChangesAsync();
            return (course.ProgramId, type.Id);
        });
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        // The administrator attaches the qualification to the program: those who completed it already have nothing, and are told of.
        var attached = await Forms.SubmitAsync(admin, $"/Staff/Programs/Edit/{programId}", new Dictionary<string, string>
        {
            ["Input.NameKana"] = "せいかつしえんさぽーたー", ["Input.GrantsQualificationTypeId"] = typeId.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, attached.StatusCode);
        Assert.False(await _app.WithDbAsync(db => db.Qualifications.AnyAsync()));
        Assert.Contains("修了した2人がまだ持っていません", await admin.GetStringAsync("/Staff/Programs"));
        Assert.Contains("修了した2人がまだ持っていません", await admin.GetStringAsync("/Staff/Admin/Qualifications"));

        var preview = await admin.GetStringAsync($"/Staff/Programs/{programId}/Grant");
        Assert.Contains("佐藤 一郎", preview);
        Assert.Contains("鈴木 二郎", preview);
        Assert.DoesNotContain("高橋", preview);
        Assert.Contains("2026年11月1日", preview);
        Assert.Contains("この2人に「生活支援サポーター」を付与する", preview);

        var granted = await Forms.PostAsync(admin, $"/Staff/Programs/{programId}/Grant", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        Assert.Contains("2人に「生活支援サポーター」を付与しました：佐藤 一郎、鈴木 二郎", await admin.GetStringAsync($"/Staff/Programs/{programId}/Grant"));
        var qualifications = await _app.WithDbAsync(db => db.Qualifications.AsNoTracking().ToListAsync());
        Assert.Equal(2, qualifications.Count);
        Assert.All(qualifications, q => Assert.Equal(_time.GetUtcNow().UtcDateTime.AddMonths(24), q.ExpiresAt));
        Assert.All(qualifications, q => Assert.NotNull(q.GrantedByCompletionId));
        var audit = await _app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "qualification-grant-retroactive"));
        Assert.Equal("生活支援サポーター: 2人 — 佐藤 一郎、鈴木 二郎", audit.Details);
        Assert.Equal("生活支援サポーター養成講座", audit.TargetLabel);

        // Twice: nobody is left, nothing is granted or recorded.
        Assert.Contains("修了した方はみなさん「生活支援サポーター」をお持ちです。", await admin.GetStringAsync($"/Staff/Programs/{programId}/Grant"));
        await Forms.PostAsync(admin, $"/Staff/Programs/{programId}/Grant", new Dictionary<string, string>());
        Assert.Contains("付与する方はいませんでした", await admin.GetStringAsync($"/Staff/Programs/{programId}/Grant"));
        Assert.Equal(2, await _app.WithDbAsync(db => db.Qualifications.CountAsync()));
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "qualification-grant-retroactive")));
        Assert.DoesNotContain("まだ持っていません", await admin.GetStringAsync("/Staff/Programs"));
    }
}
