using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Attendance;

/// <remarks>One app for the class, on a clock no test moves; each test imports into a course of its own and asserts on its rows.</remarks>
public sealed class AttendanceImportTests(AttendanceImportTests.App shared) : IClassFixture<AttendanceImportTests.App>
{
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2027, 6, 1, 3, 0, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.App;
    private int _courseId;

    private async Task SeedAsync()
    {
        _courseId = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(3, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db);
            foreach (var (family, given, kana) in new[] { ("山﨑", "和子", "やまざき かずこ"), ("髙橋", "茂", "たかはし しげる") })
            {
                var person = new PersonBuilder().Named(family, given, kana.Split(' ')[0], kana.Split(' ')[1]).Build();
                db.People.Add(person);
                await db.SaveChangesAsync();
                db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(person.Id).Build());
            }
            await db.SaveChangesAsync();
            return course.Id;
        });
    }

    private async Task<ImportPreview> PreviewAsync(string csv, Encoding? encoding = null)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<AttendanceImport>().PreviewAsync(_courseId, (encoding ?? Encoding.UTF8).GetBytes(csv));
    }

    [Fact]
    public async Task A_clean_file_is_previewed_and_imported_with_variant_kanji_and_half_width_kana_matched()
    {
        await SeedAsync();
        const string csv = "日付,氏名,ふりがな,出欠,メモ\r\n2026/12/9,山崎 和子,ﾔﾏｻﾞｷ ｶｽﾞｺ,出席,\r\n２０２６年１２月９日,髙橋 茂,たかはし しげる,欠席（連絡あり）,\"通院, 午後から\"\r\n";

        var preview = await PreviewAsync(csv);
        await using var scope = _app.Scope();
        var count = await scope.ServiceProvider.GetRequiredService<AttendanceImport>().ImportAsync(_courseId, Encoding.UTF8.GetBytes(csv), "staff");

        Assert.True(preview.CanImport, string.Join("; ", preview.Problems));
        Assert.Equal(2, count);
        var records = await _app.WithDbAsync(db => db.Attendance.Include(a => a.Person).Where(a => a.Session!.CourseId == _courseId)
            .OrderBy(a => a.Person!.KanaSortKey).ToListAsync());
        Assert.Equal([AttendanceStatus.ExcusedAbsence, AttendanceStatus.Present], records.Select(r => r.Status));
        Assert.Equal("通院, 午後から", records[0].Note);
        Assert.All(records, r => Assert.Equal(AttendanceSource.CsvImport, r.Source));
    }

    [Fact]
    public async Task A_file_with_bad_rows_lists_each_problem_by_row_and_column_and_imports_nothing()
    {
        await SeedAsync();
        const string csv = "日付,氏名,ふりがな,出欠,メモ\n2026/12/9,山﨑 和子,やまざき かずこ,出席,\n2026/13/40,髙橋 茂,,出席,\n2026/12/9,鈴木 一郎,,出席,\n2026/12/9,髙橋 茂,,たぶん,\n2026/12/10,髙橋 茂,,出席,\n";

        var preview = await PreviewAsync(csv);
        await using var scope = _app.Scope();
        var import = scope.ServiceProvider.GetRequiredService<AttendanceImport>();

        Assert.False(preview.CanImport);
        Assert.Equal([(3, "日付"), (4, "氏名"), (5, "出欠"), (6, "日付")], preview.Problems.Select(p => (p.Row, p.Column)));
        Assert.Contains("鈴木 一郎", preview.Problems[1].Reason);
        await Assert.ThrowsAsync<InvalidOperationException>(() => import.ImportAsync(_courseId, Encoding.UTF8.GetBytes(csv), "staff"));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Attendance.CountAsync(a => a.Session!.CourseId == _courseId)));
    }

    [Fact]
    public async Task Wrong_columns_are_reported_before_any_row()
    {
        await SeedAsync();

        var preview = await PreviewAsync("date,name,status\n2026/12/9,山﨑 和子,出席\n");

        Assert.False(preview.CanImport);
        Assert.All(preview.Problems, p => Assert.Equal(1, p.Row));
        Assert.Contains(preview.Problems, p => p.Column == "日付");
    }

    [Fact]
    public async Task A_Shift_JIS_file_saved_by_Excel_is_read()
    {
        await SeedAsync();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        var preview = await PreviewAsync("日付,氏名,ふりがな,出欠,メモ\r\n2026/12/9,髙橋 茂,たかはし しげる,遅刻,\r\n", Encoding.GetEncoding(932));

        Assert.True(preview.CanImport, string.Join("; ", preview.Problems));
        Assert.Equal(AttendanceStatus.Late, Assert.Single(preview.Marks).Status);
    }

    [Fact]
    public async Task The_import_page_previews_then_imports()
    {
        await SeedAsync();
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var page = await client.GetStringAsync($"/Staff/Courses/{_courseId}/ImportAttendance");
        var upload = new MultipartFormDataContent
        {
            { new StringContent(StaffSignInClient.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("日付,氏名,ふりがな,出欠,メモ\n2026/12/9,山﨑 和子,,出席,\n")), "file", "sheet.csv" },
        };

        var preview = await client.PostAsync($"/Staff/Courses/{_courseId}/ImportAttendance?handler=Preview", upload);
        var previewHtml = await preview.Content.ReadAsStringAsync();
        Assert.Contains("1件を取り込みます", previewHtml);
        var token = System.Text.RegularExpressions.Regex.Match(previewHtml, "name=\"Token\" value=\"([^\"]+)\"").Groups[1].Value;
        var import = await client.PostAsync($"/Staff/Courses/{_courseId}/ImportAttendance?handler=Import", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = WebUtility.HtmlDecode(token),
            ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(previewHtml),
        }));

        Assert.Equal(HttpStatusCode.Redirect, import.StatusCode);
        Assert.Contains("1件の出欠を取り込みました。", await client.GetStringAsync(import.Headers.Location!.OriginalString));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Attendance.CountAsync(a => a.Session!.CourseId == _courseId)));
    }
}
