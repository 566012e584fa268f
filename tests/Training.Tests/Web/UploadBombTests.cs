using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>
/// Measured alone: what the whole process allocates is read before and after one request, so no other test may run
/// meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "Measured alone";
}

/// <summary>
/// The files a security probe took the server's memory with are answered in seconds with a page of bounded size, and
/// the request allocates within a budget (the unbounded app took 1.8–7 GB for the same files).
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class UploadBombTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private const long AllocationBudget = 300L * 1024 * 1024;
    private const int PageBudget = 300_000;
    private static readonly string[] AttendanceHeadings = ["日付", "氏名", "ふりがな", "出欠", "メモ"];
    private static readonly string[] PeopleHeadings = ["氏", "名", "氏（ふりがな）", "名（ふりがな）", "電話", "メール", "地区", "生まれた年", "性別"];
    private readonly TrainingApp _app = shared.App;

    [Fact]
    public async Task Two_thousand_five_hundred_attendance_rows_all_pointing_at_one_long_string_are_refused_for_their_text()
    {
        // 11 million characters once read: over the text every import takes (twice its 5 MB), as for people.
        var page = await UploadAttendanceAsync(XlsxBuilder.SharedStringBomb(AttendanceHeadings, rows: 2_500, columns: 5, length: 900));

        Assert.Contains("文字が多すぎます", page);
    }

    [Fact]
    public async Task Two_thousand_attendance_rows_each_wrong_show_two_hundred_problems_quoting_a_short_piece_and_count_the_rest()
    {
        var page = await UploadAttendanceAsync(XlsxBuilder.SharedStringBomb(AttendanceHeadings, rows: 2_000, columns: 1, length: 900));

        Assert.Contains("ほかに", page);
        Assert.Equal(200, CountOf(page, "<tr><td class=\"num\">"));
        Assert.Contains("「" + new string('a', 30) + "…」", page);
        Assert.DoesNotContain(new string('a', 31), page);
    }

    [Fact]
    public async Task An_attendance_file_with_one_string_of_95_million_characters_is_refused()
    {
        var page = await UploadAttendanceAsync(XlsxBuilder.SharedStringBomb(AttendanceHeadings, rows: 1, columns: 1, length: 95_000_000));

        Assert.Contains("文字が長すぎます", page);
    }

    [Fact]
    public async Task A_people_file_of_three_million_references_to_one_string_is_refused_for_its_text()
    {
        // The class's tests run one after another: whoever is recorded after this point, the upload recorded.
        var before = await _app.WithDbAsync(db => db.People.MaxAsync(p => (int?)p.Id)) ?? 0;

        var page = await UploadPeopleAsync(XlsxBuilder.SharedStringBomb(PeopleHeadings, rows: 30_000, columns: 100, length: 900));

        Assert.Contains("文字が多すぎます", page);
        Assert.Equal(0, await _app.WithDbAsync(db => db.People.CountAsync(p => p.Id > before)));
    }

    [Fact]
    public async Task Five_thousand_wrong_people_rows_show_two_hundred_problems_and_count_the_rest()
    {
        var page = await UploadPeopleAsync(XlsxBuilder.SharedStringBomb(PeopleHeadings, rows: 5_000, columns: 2, length: 900));

        // Each row: the name too long, no furigana, so a problem or two per row; 200 shown, the rest counted.
        var problems = page[page.IndexOf("data-testid=\"import-problems\"", StringComparison.Ordinal)..];
        Assert.Equal(200, CountOf(problems[..problems.IndexOf("</ul>", StringComparison.Ordinal)], "<li>"));
        Assert.Matches("ほかに[0-9,]+か所あります", page);
        Assert.DoesNotContain(new string('a', 31), page);
    }

    private async Task<string> UploadAttendanceAsync(byte[] file)
    {
        var courseId = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(1, new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db);
            var person = new PersonBuilder().Named("山田", "花子", "やまだ", "はなこ").Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(person.Id).Build());
            await db.SaveChangesAsync();
            return course.Id;
        });
        return await MeasuredUploadAsync($"/Staff/Courses/{courseId}/ImportAttendance", file);
    }

    private Task<string> UploadPeopleAsync(byte[] file) => MeasuredUploadAsync("/Staff/Admin/ImportPeople", file);

    private async Task<string> MeasuredUploadAsync(string path, byte[] file)
    {
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var form = await client.GetStringAsync(path);
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(file), "file", "bomb.xlsx" },
            { new StringContent(StaffSignInClient.AntiforgeryToken(form)), "__RequestVerificationToken" },
        };
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var response = await client.PostAsync(path + "?handler=Preview", content);
        var page = await response.Content.ReadAsStringAsync();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(allocated < AllocationBudget, $"the request allocated {allocated / 1024 / 1024} MB");
        Assert.True(page.Length < PageBudget, $"the page was {page.Length:N0} characters");
        return page;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
