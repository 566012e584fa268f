using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Courses;
using Training.Organisations;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;
using Training.Text;

namespace Training.Tests.Reports;

/// <summary>A course's participant list as CSV and XLSX: names exactly as stored, furigana order, the booking and attendance, scoped and audited.</summary>
/// <remarks>
/// One app for the class on a clock frozen on 2027-02-01: each test exports its own course (the fixture's people are
/// seeded afresh on each test's course) and reads back that course's audit entries.
/// </remarks>
public sealed class ParticipantExportTests(ParticipantExportTests.App shared) : IClassFixture<ParticipantExportTests.App>
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2027, 2, 1, 10, 0, 0, Tokyo)));

    private readonly TrainingApp _app = shared.App;

    /// <summary>
    /// Three sessions (9 Dec, 6 Jan, 3 Feb): 渡邊 (髙 in the name, two attended), 𠮷田 (one attended, one absent), 青木 on
    /// the waiting list, 上田 cancelled.
    /// </summary>
    private async Task<Course> SeedAsync()
    {
        return await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(3, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db);
            var area = await db.Areas.SingleAsync(a => a.Id == course.AreaId);
            var sessions = await db.Sessions.Where(s => s.CourseId == course.Id).OrderBy(s => s.SequenceNumber).ToListAsync();
            var watanabe = new PersonBuilder().Named("渡邊", "髙志", "わたなべ", "たかし").WithPhone("090-1234-5678").WithEmail("takashi@example.jp").InArea(area).Build();
            var yoshida = new PersonBuilder().Named("𠮷田", "春江", "よしだ", "はるえ").WithPhone("0551-22-1111").Build();
            var aoki = new PersonBuilder().Named("青木", "和子", "あおき", "かずこ").WithPhone("0551-22-3333").InArea(area).Build();
            var ueda = new PersonBuilder().Named("上田", "三郎", "うえだ", "さぶろう").Build();
            db.Registrations.AddRange(
                new RegistrationBuilder().For(course.Id).Of(watanabe).Build(),
                new RegistrationBuilder().For(course.Id).Of(yoshida).Build(),
                new RegistrationBuilder().For(course.Id).Of(aoki).Waiting(1).Build(),
                new RegistrationBuilder().For(course.Id).Of(ueda).Cancelled().Build());
            await db.SaveChangesAsync();
            db.Attendance.AddRange(
                new AttendanceRecord { SessionId = sessions[0].Id, PersonId = watanabe.Id, Status = AttendanceStatus.Present },
                new AttendanceRecord { SessionId = sessions[1].Id, PersonId = watanabe.Id, Status = AttendanceStatus.Late },
                new AttendanceRecord { SessionId = sessions[0].Id, PersonId = yoshida.Id, Status = AttendanceStatus.Present },
                new AttendanceRecord { SessionId = sessions[1].Id, PersonId = yoshida.Id, Status = AttendanceStatus.Absent });
            await db.SaveChangesAsync();
            return course;
        });
    }

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    [Fact]
    public async Task The_CSV_opens_in_Excel_with_every_participant_in_furigana_order_names_as_stored_and_their_attendance()
    {
        var course = await SeedAsync();
        var client = await AdminAsync();

        var response = await client.GetAsync($"/Staff/Courses/{course.Id}/Participants?handler=Csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Csv.Parse(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(["お名前", "ふりがな", "地区", "電話番号", "メール", "申し込みの状況", "申し込んだ回", "申し込んだ回数", "出席した回数"], rows[0]);
        Assert.Equal(["青木 和子", "あおき かずこ", "韮崎地区", "0551-22-3333", "", "キャンセル待ち 1番目", "全回", "3", "0"], rows[1]);
        Assert.Equal(["𠮷田 春江", "よしだ はるえ", "", "0551-22-1111", "", "参加決定", "全回", "3", "1"], rows[2]);
        Assert.Equal(["渡邊 髙志", "わたなべ たかし", "韮崎地区", "090-1234-5678", "takashi@example.jp", "参加決定", "全回", "3", "2"], rows[3]);
        Assert.Equal(4, rows.Count);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "export-participants" && a.CourseId == course.Id));
        Assert.Equal((course.Id, "CSV、3人"), (audit.CourseId!.Value, audit.Details));
        Assert.Equal("生活支援サポーター養成講座 令和8年度 第1期", audit.TargetLabel);
    }

    [Fact]
    public async Task Cancelled_bookings_are_listed_only_when_asked()
    {
        var course = await SeedAsync();
        var client = await AdminAsync();

        var bytes = await client.GetByteArrayAsync($"/Staff/Courses/{course.Id}/Participants?handler=Csv&IncludeCancelled=true");

        var rows = Csv.Parse(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(["上田 三郎", "うえだ さぶろう", "", "0551-22-0000", "", "取り消し", "全回", "3", "0"], rows[2]);
        Assert.Equal("CSV、4人（取り消した方を含む）", (await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "export-participants" && a.CourseId == course.Id))).Details);
    }

    [Fact]
    public async Task The_XLSX_reads_back_the_same_rows_with_column_widths_and_counts_as_numbers()
    {
        var course = await SeedAsync();
        var client = await AdminAsync();

        var response = await client.GetAsync($"/Staff/Courses/{course.Id}/Participants?handler=Xlsx");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var rows = SpreadsheetFile.ReadRows(bytes);
        Assert.Equal("出席した回数", rows[0][8]);
        Assert.Equal(["𠮷田 春江", "よしだ はるえ", "", "0551-22-1111", "", "参加決定", "全回", "3", "1"], rows[2]);
        Assert.Equal("渡邊 髙志", rows[3][0]);
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var sheet = new StreamReader(zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)).Open()).ReadToEnd();
        Assert.Contains("<cols>", sheet);
        Assert.Contains("<v>2</v>", sheet);
        Assert.Equal("XLSX、3人", (await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "export-participants" && a.CourseId == course.Id))).Details);
    }

    [Fact]
    public async Task An_activity_booked_by_the_session_says_which_sessions_each_booking_covers()
    {
        var course = await _app.WithDbAsync(async db =>
        {
            var c = await new CourseBuilder().ForActivity("いきいきサロン").WithSessions(4, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db);
            db.Registrations.AddRange(
                new RegistrationBuilder().For(c.Id).Of(new PersonBuilder().Named("青木", "和子", "あおき", "かずこ").Build()).FromSession(2).UntilSession(2).Build(),
                new RegistrationBuilder().For(c.Id).Of(new PersonBuilder().Named("上田", "三郎", "うえだ", "さぶろう").Build()).FromSession(2).Build(),
                new RegistrationBuilder().For(c.Id).Of(new PersonBuilder().Named("江藤", "四郎", "えとう", "しろう").Build()).FromSession(1).UntilSession(3).Build());
            await db.SaveChangesAsync();
            return c;
        });
        var client = await AdminAsync();

        var rows = Csv.Parse(Encoding.UTF8.GetString((await client.GetByteArrayAsync($"/Staff/Courses/{course.Id}/Participants?handler=Csv"))[3..]));

        Assert.Equal(["第2回のみ", "1"], rows[1].GetRange(6, 2));
        Assert.Equal(["第2回から毎回", "3"], rows[2].GetRange(6, 2));
        Assert.Equal(["第1回から第3回まで", "3"], rows[3].GetRange(6, 2));
    }

    [Fact]
    public async Task A_coordinator_of_another_district_is_refused_the_course_by_its_address_and_nothing_is_recorded()
    {
        var course = await SeedAsync();
        var exportsBefore = await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "export-participants"));
        await StaffSignInClient.CreateCoordinatorAsync(_app, "tatsuoka@example.jp", "Coordinator-Pass-1");
        await _app.WithDbAsync(async db =>
        {
            var other = new Area { Code = "T", Name = "竜岡地区", NameKana = "たつおかちく" };
            db.Areas.Add(other);
            await db.SaveChangesAsync();
            var user = await db.Users.SingleAsync(u => u.Email == "tatsuoka@example.jp");
            db.StaffUserAreas.Add(new Training.Staff.StaffUserArea { StaffUserId = user.Id, AreaId = other.Id });
            await db.SaveChangesAsync();
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, "tatsuoka@example.jp", "Coordinator-Pass-1");

        var responses = new[]
        {
            await client.GetAsync($"/Staff/Courses/{course.Id}/Participants"),
            await client.GetAsync($"/Staff/Courses/{course.Id}/Participants?handler=Csv"),
            await client.GetAsync($"/Staff/Courses/{course.Id}/Participants?handler=Xlsx"),
        };

        Assert.All(responses, r => Assert.True(r.StatusCode == HttpStatusCode.Forbidden || r.Headers.Location?.OriginalString.Contains("AccessDenied") == true,
            $"{r.RequestMessage!.RequestUri} answered {(int)r.StatusCode}"));
        Assert.Equal(exportsBefore, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "export-participants")));
    }

    [Fact]
    public async Task A_coordinator_of_the_courses_district_exports_it()
    {
        var course = await SeedAsync();
        await StaffSignInClient.CreateCoordinatorAsync(_app, "nirasaki@example.jp", "Coordinator-Pass-1");
        await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "nirasaki@example.jp");
            db.StaffUserAreas.Add(new Training.Staff.StaffUserArea { StaffUserId = user.Id, AreaId = course.AreaId!.Value });
            await db.SaveChangesAsync();
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, "nirasaki@example.jp", "Coordinator-Pass-1");

        var page = await client.GetStringAsync($"/Staff/Courses/{course.Id}/Participants");
        var csv = await client.GetAsync($"/Staff/Courses/{course.Id}/Participants?handler=Csv");

        Assert.Contains("参加者の一覧を書き出す", page);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        // 𠮷田 lives in no district of theirs, but is on their course: the list has every participant.
        Assert.Contains("𠮷田 春江", Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()));
    }
}
