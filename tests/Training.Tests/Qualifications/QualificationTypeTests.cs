using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Qualifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Qualifications;

/// <summary>Administrators manage qualification types and see what a new validity does to holders before it does it.</summary>
/// <remarks>One app for the class, on a clock no test moves; each test has a type (names are unique) and people of its own and asserts on their rows.</remarks>
public sealed class QualificationTypeTests(QualificationTypeTests.App shared) : IClassFixture<QualificationTypeTests.App>
{
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.App;

    /// <summary>Supporters valid 36 months: one granted in January 2024, one in June 2026.</summary>
    private async Task<int> SupportersAsync() => await _app.WithDbAsync(async db =>
    {
        var type = QualificationType.Create("生活支援サポーター", 36);
        db.QualificationTypes.Add(type);
        foreach (var (person, granted) in new[] { (new PersonBuilder().Named("青木", "一郎", "あおき", "いちろう").Build(), new DateTime(2024, 1, 10, 0, 0, 0, DateTimeKind.Utc)),
                                                  (new PersonBuilder().Named("井上", "二郎", "いのうえ", "じろう").Build(), new DateTime(2026, 6, 10, 0, 0, 0, DateTimeKind.Utc)) })
            db.Qualifications.Add(new Qualification { Person = person, QualificationType = type, GrantedAt = granted, ExpiresAt = type.ExpiryFor(granted) });
        await db.SaveChangesAsync();
        return type.Id;
    });

    [Fact]
    public async Task A_shorter_validity_shows_who_would_expire_and_changes_holders_only_when_asked()
    {
        var id = await SupportersAsync();
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var page = $"/Staff/Admin/Qualifications/Edit/{id}";

        var asked = await Forms.SubmitAsync(admin, page, new Dictionary<string, string> { ["ValidityMonths"] = "24" });
        var effect = WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());
        Assert.Contains("持っている2人のうち2人の期限が変わります", effect);
        Assert.Contains("そのうち1人は、すぐに期限切れになります。", effect);
        Assert.Equal(36, await _app.WithDbAsync(db => db.QualificationTypes.Where(q => q.Id == id).Select(q => q.ValidityMonths).SingleAsync()));

        var onlyNew = await Forms.SubmitAsync(admin, effect, page, new Dictionary<string, string> { ["ApplyTo"] = "new" });
        Assert.Equal(HttpStatusCode.Redirect, onlyNew.StatusCode);
        Assert.Equal(24, await _app.WithDbAsync(db => db.QualificationTypes.Where(q => q.Id == id).Select(q => q.ValidityMonths).SingleAsync()));
        Assert.Equal(new DateTime(2027, 1, 10), (await _app.WithDbAsync(db => db.Qualifications.Where(q => q.QualificationTypeId == id).OrderBy(q => q.GrantedAt).Select(q => q.ExpiresAt).FirstAsync()))!.Value.Date);

        var again = await Forms.SubmitAsync(admin, page, new Dictionary<string, string> { ["ValidityMonths"] = "12" });
        await Forms.SubmitAsync(admin, WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()), page, new Dictionary<string, string> { ["ApplyTo"] = "holders" });
        var expiries = await _app.WithDbAsync(db => db.Qualifications.Where(q => q.QualificationTypeId == id).OrderBy(q => q.GrantedAt).Select(q => q.ExpiresAt!.Value).ToListAsync());
        Assert.Equal([new DateTime(2025, 1, 10), new DateTime(2027, 6, 10)], expiries.Select(e => e.Date));
        var typeKey = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "qualification-type" && a.EntityId == typeKey)));
    }

    [Fact]
    public async Task A_type_is_added_with_the_programs_that_renew_it_and_a_duplicate_name_is_refused()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var added = await Forms.PostAsync(admin, "/Staff/Admin/Qualifications/Edit", new Dictionary<string, string>
        {
            ["Name"] = "見守りサポーター", ["ValidityMonths"] = "", ["RenewingProgramIds"] = course.ProgramId.ToString(),
        });
        var duplicate = await Forms.PostAsync(admin, "/Staff/Admin/Qualifications/Edit", new Dictionary<string, string> { ["Name"] = "見守りサポーター" });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var type = await _app.WithDbAsync(db => db.QualificationTypes.SingleAsync(t => t.Name == "見守りサポーター"));
        Assert.Null(type.ValidityMonths);
        Assert.Equal(type.Id, await _app.WithDbAsync(db => db.Programs.Where(p => p.Id == course.ProgramId).Select(p => p.RenewsQualificationTypeId).SingleAsync()));
        Assert.Contains("同じ名前の資格がすでにあります。", await duplicate.Content.ReadAsStringAsync());
        Assert.Contains("見守りサポーター", await admin.GetStringAsync("/Staff/Admin/Qualifications"));
    }
}
