using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Organisations;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>An activity's earlier ledger brought in: previewed, then all or nothing, within the coordinator's districts.</summary>
public sealed class ActivityRecordImportTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private const string Header = "日付,開始,時間（分）,訪問回数,氏名,ふりがな,メモ\r\n";

    static ActivityRecordImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>A district with a 見守り activity, two residents (one sharing a name with a resident elsewhere), and its coordinator signed in.</summary>
    private async Task<(int Activity, int Other, int Hanako, HttpClient Client)> SeedAsync()
    {
        var (activity, other, hanako) = await _app.WithDbAsync(async db =>
        {
            var mine = new Area { Code = $"M-{_tag}", Name = $"穂坂{_tag}", NameKana = "ほさか" };
            var theirs = new Area { Code = $"T-{_tag}", Name = $"竜岡{_tag}", NameKana = "たつおか" };
            db.Areas.AddRange(mine, theirs);
            await db.SaveChangesAsync();
            var kind = await db.ActivityKinds.Where(k => k.Name == "見守り").Select(k => k.Id).SingleAsync();
            LocalActivity Activity(int area) => LocalActivity.Create(new ActivityInput
            {
                Name = $"見守り{_tag}", NameKana = "みまもり", KindId = kind, AreaId = area, Schedule = "毎週月曜", ContactName = "山田 花子", ContactPhone = "0551-22-1111",
            });
            var (here, there) = (Activity(mine.Id), Activity(theirs.Id));
            var hanako = new PersonBuilder().Named($"髙橋{_tag}", "花子", "たかはし", "はなこ").InArea(mine.Id).Build();
            var taro = new PersonBuilder().Named($"𠮷田{_tag}", "太郎", "よしだ", "たろう").InArea(mine.Id).Build();
            var elsewhere = new PersonBuilder().Named($"𠮷田{_tag}", "太郎", "よしだ", "たろう").InArea(theirs.Id).Build();
            db.AddRange(here, there);
            db.People.AddRange(hanako, taro, elsewhere);
            await db.SaveChangesAsync();
            return (here.Id, there.Id, hanako.Id);
        });
        var email = $"m-{_tag}@example.jp";
        await StaffSignInClient.CreateCoordinatorAsync(_app, email, "Coordinator-Pass-1");
        await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            var area = await db.Areas.Where(a => a.Code == $"M-{_tag}").Select(a => a.Id).SingleAsync();
            db.StaffUserAreas.Add(new StaffUserArea { StaffUserId = user.Id, AreaId = area });
            await db.SaveChangesAsync();
        });
        return (activity, other, hanako, await StaffSignInClient.SignedInClientAsync(_app, email, "Coordinator-Pass-1"));
    }

    private static async Task<(HttpStatusCode Status, string Page)> PreviewAsync(HttpClient client, int activity, byte[] file)
    {
        var form = await client.GetStringAsync($"/Staff/Activities/{activity}/Import");
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(file), "file", "ledger.csv" },
            { new StringContent(StaffSignInClient.AntiforgeryToken(form)), "__RequestVerificationToken" },
        };
        var response = await client.PostAsync($"/Staff/Activities/{activity}/Import?handler=Preview", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task<int> RecordsAsync(int activity) => _app.WithDbAsync(db => db.ActivityRecords.CountAsync(r => r.LocalActivityId == activity));

    [Fact]
    public async Task A_shift_jis_ledger_is_previewed_then_imported_whole_as_confirmed_records_and_audited()
    {
        var (activity, _, hanako, client) = await SeedAsync();
        var csv = Header + $"2026/12/1,10:00,90,2,髙橋{_tag} 花子,,\r\n2026年12月2日,10時,1:30,1,𠮷田{_tag} 太郎,,雨の日\r\n";
        // Shift_JIS has no 𠮷: the ledger says 吉田, matched (by the search key) to the 𠮷田 of this district, and the preview shows both.
        var file = Encoding.GetEncoding(932).GetBytes(csv.Replace("𠮷", "吉"));

        var (_, page) = await PreviewAsync(client, activity, file);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"Token\" value=\"([^\"]+)\"").Groups[1].Value;
        var imported = await client.PostAsync($"/Staff/Activities/{activity}/Import?handler=Import", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = token, ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(page),
        }));

        Assert.Matches($"𠮷田{_tag} 太郎\\s*<br><span class=\"hint\">（ファイルでは「吉田{_tag} 太郎」）", WebUtility.HtmlDecode(page));
        Assert.Contains("2人の記録を2件取り込みます。", page);
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var records = await _app.WithDbAsync(db => db.ActivityRecords.Where(r => r.LocalActivityId == activity).OrderBy(r => r.Date).ToListAsync());
        var taro = await _app.WithDbAsync(db => db.People.Where(p => p.FamilyName == $"𠮷田{_tag}" && p.AreaId != null).Select(p => new { p.Id, p.AreaId }).ToListAsync());
        Assert.Equal([(new DateOnly(2026, 12, 1), 90, 2, RecordStatus.Confirmed), (new DateOnly(2026, 12, 2), 90, 1, RecordStatus.Confirmed)],
            records.Select(r => (r.Date, r.Minutes, r.Visits, r.Status)));
        Assert.Equal(hanako, records[0].PersonId);
        Assert.Equal(taro.OrderBy(p => p.Id).First().Id, records[1].PersonId); // the one of this district, not the namesake elsewhere
        Assert.Equal(new DateTime(2026, 12, 1, 1, 0, 0), records[0].StartsAt);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "LocalActivity" && e.EntityId == activity.ToString()).Select(e => new { e.Action, e.Details }).SingleAsync());
        Assert.Equal(("activity-records-import", "2件（2人）"), (audit.Action, audit.Details));
    }

    [Fact]
    public async Task A_ledger_with_an_overlap_hours_out_of_range_or_a_day_to_come_imports_nothing_and_says_which_row()
    {
        var (activity, _, _, client) = await SeedAsync();
        var csv = Header
            + $"2026/12/1,10:00,90,1,髙橋{_tag} 花子,,\r\n"
            + $"2026/12/1,11:00,60,1,髙橋{_tag} 花子,,\r\n"     // overlaps row 2
            + $"2026/12/2,10:00,-30,1,髙橋{_tag} 花子,,\r\n"    // negative
            + $"2026/12/3,10:00,1500,1,髙橋{_tag} 花子,,\r\n"   // over a day
            + $"2027/1/20,10:00,60,1,髙橋{_tag} 花子,,\r\n";    // not yet over

        var (_, page) = await PreviewAsync(client, activity, Encoding.UTF8.GetBytes(csv));

        Assert.Contains("4か所に問題があります。", page);
        Assert.Contains($"3行目 「開始」：髙橋{_tag} 花子さんの 2 行目と時間が重なっています。", page);
        Assert.Contains($"4行目 「時間（分）」：{ActivityRecord.Messages.DurationInvalid}", page);
        Assert.Contains($"5行目 「時間（分）」：{ActivityRecord.Messages.DurationInvalid}", page);
        Assert.Contains($"6行目 「日付」：{ActivityRecord.Messages.InFuture}", page);
        Assert.DoesNotContain("name=\"Token\"", page);
        Assert.Equal(0, await RecordsAsync(activity));
    }

    [Fact]
    public async Task A_record_already_on_file_at_that_time_blocks_the_row_and_another_districts_activity_is_refused()
    {
        var (activity, other, hanako, client) = await SeedAsync();
        await _app.WithDbAsync(async db =>
        {
            var input = new RecordInput { Date = new DateOnly(2026, 12, 4), StartTime = new TimeOnly(9, 0), Minutes = 120, Visits = 0 };
            db.ActivityRecords.Add(ActivityRecord.Create(hanako, activity, input, new DateTime(2026, 12, 4, 0, 0, 0, DateTimeKind.Utc), RecordSource.Staff, "staff", TestClock.UtcNow));
            await db.SaveChangesAsync();
        });

        var (_, page) = await PreviewAsync(client, activity, Encoding.UTF8.GetBytes(Header + $"2026/12/4,10:00,30,1,髙橋{_tag} 花子,たかはし はなこ,\r\n"));
        var status = (await client.PostAsync($"/Staff/Activities/{other}/Import?handler=Preview", new MultipartFormDataContent())).StatusCode;

        Assert.Contains($"2行目 「開始」：髙橋{_tag} 花子さんは、同じ時間にほかの活動の記録があります。", page);
        Assert.Equal(1, await RecordsAsync(activity));
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync($"/Staff/Activities/{other}/Import")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, status);
    }
}
