using System.Net;
using Microsoft.EntityFrameworkCore;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>Printing or downloading residents' data leaves a line in the audit log: who took a copy of what, and when.</summary>
public sealed class PrintAuditTests : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_printed_sign_in_sheet_and_call_list_are_in_the_audit_log_in_words()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, new DateTime(2026, 12, 10, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db));
        var session = await _app.WithDbAsync(db => db.Sessions.Where(s => s.CourseId == course.Id).Select(s => s.Id).SingleAsync());
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var sheet = await admin.GetAsync($"/Staff/Sessions/{session}/SignInSheet");
        var calls = await admin.GetAsync("/Staff/Calls?handler=Pdf");
        var audit = await admin.GetStringAsync("/Staff/Admin/Audit");

        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        Assert.Equal(HttpStatusCode.OK, calls.StatusCode);
        Assert.Contains("出席簿を印刷した", audit);
        Assert.Contains("電話連絡リストを印刷した", audit);
        Assert.Equal(2, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action.StartsWith("print-") && a.StaffUserName == TrainingApp.AdminEmail)));
    }
}
