using System.Text;
using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Organisations;
using Training.People;
using Training.Qualifications;
using Training.Staff;
using Training.Tests.Infrastructure;
using Training.Text;

namespace Training.Tests.Activities;

/// <summary>
/// The re-engagement list printed and taken as a file, for a coordinator who phones from paper: the same people, filters
/// and reach as the page, in furigana order, with stage, last activity, next course, email and consent — another
/// district's helper never in it — and every copy in the audit log.
/// </summary>
public sealed class ReengagementListTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    private static readonly string[] Header =
        ["お名前", "ふりがな", "電話番号", "地区", "状態", "休止した日", "前回の活動", "前回の活動日", "次の研修", "次の研修の初日", "メール", "活動の紹介への同意", "ご案内の方法"];

    private sealed record Seeded(HttpClient Mine, HttpClient Theirs, string MineEmail, string District, string OtherName, string ActiveName);

    /// <summary>
    /// Two districts with a coordinator each. In the first, under one qualification renewed by a follow-up course on
    /// 9 December: 渡邊 髙志 (lapsed: last at the salon on 3 March, agreed by email), 青木 和子 (never active, no email,
    /// not asked), 𠮷田 春江 (never active, withdrew the consent) and 上田 三郎 (active). In the second, 竜岡 次郎 (never active).
    /// </summary>
    private async Task<Seeded> SeedAsync()
    {
        var (mine, theirs, activity, type) = await _app.WithDbAsync(async db =>
        {
            var a = new Area { Code = $"EM-{_tag}", Name = $"穂坂{_tag}", NameKana = "ほさか" };
            var b = new Area { Code = $"ET-{_tag}", Name = $"竜岡{_tag}", NameKana = "たつおか" };
            db.Areas.AddRange(a, b);
            var t = QualificationType.Create($"見守りサポーター{_tag}", 36);
            db.QualificationTypes.Add(t);
            await db.SaveChangesAsync();
            await new CourseBuilder().WithProgram(p => p.Named($"フォローアップ研修{_tag}").Renewing(t.Id)).Titled("第2期").SaveAsync(db);
            var kind = await db.ActivityKinds.Where(k => k.Name == "サロン").Select(k => k.Id).SingleAsync();
            var salon = LocalActivity.Create(new ActivityInput
            {
                Name = $"いきいきサロン{_tag}", NameKana = "いきいきさろん", KindId = kind, AreaId = a.Id, Schedule = "毎月第1火曜", ContactName = "山田 花子", ContactPhone = "0551-22-1111",
            });
            db.LocalActivities.Add(salon);
            await db.SaveChangesAsync();
            return (a, b, salon.Id, t.Id);
        });
        var watanabe = await PersonAsync(new PersonBuilder().Named("渡邊", $"髙志{_tag}", "わたなべ", "たかし").WithPhone("090-1234-5678").WithEmail($"w-{_tag}@example.jp").InArea(mine.Id));
        var aoki = await PersonAsync(new PersonBuilder().Named("青木", $"和子{_tag}", "あおき", "かずこ").WithPhone("0551-22-3333").InArea(mine.Id));
        var yoshida = await PersonAsync(new PersonBuilder().Named("𠮷田", $"春江{_tag}", "よしだ", "はるえ").WithPhone("0551-22-4444").WithEmail($"y-{_tag}@example.jp").InArea(mine.Id));
        var ueda = await PersonAsync(new PersonBuilder().Named("上田", $"三郎{_tag}", "うえだ", "さぶろう").InArea(mine.Id));
        var tatsuoka = await PersonAsync(new PersonBuilder().Named("竜岡", $"次郎{_tag}", "たつおか", "じろう").InArea(theirs.Id));
        await _app.WithDbAsync(async db =>
        {
            foreach (var p in new[] { watanabe, aoki, yoshida, ueda, tatsuoka })
                db.Qualifications.Add(new Qualification { PersonId = p.Id, QualificationTypeId = type, GrantedAt = TestClock.UtcNow.AddYears(-1) });
            foreach (var (p, granted) in new[] { (watanabe, true), (yoshida, false) })
                db.Consents.Add(Consent.Record(p.Id, ConsentPurpose.ActivitySuggestions, granted, PersonContacts.SuggestionConsentWording, TestClock.UtcNow.AddDays(-1), ContactChannel.Phone));
            db.ActivityRecords.Add(Record(watanabe.Id, activity, new DateOnly(2026, 3, 3)));
            db.ActivityRecords.Add(Record(ueda.Id, activity, new DateOnly(2026, 11, 24)));
            await db.SaveChangesAsync();
        });
        var mineEmail = $"em-{_tag}@example.jp";
        await CoordinatorAsync(mineEmail, mine.Id);
        await CoordinatorAsync($"et-{_tag}@example.jp", theirs.Id);
        return new(await StaffSignInClient.SignedInClientAsync(_app, mineEmail, "Coordinator-Pass-1"),
            await StaffSignInClient.SignedInClientAsync(_app, $"et-{_tag}@example.jp", "Coordinator-Pass-1"), mineEmail, mine.Name, tatsuoka.FullName, ueda.FullName);
    }

    private async Task<Person> PersonAsync(PersonBuilder builder) => await _app.WithDbAsync(async db =>
    {
        var person = builder.Build();
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person;
    });

    /// <summary>A confirmed hour at the activity, from 10:00 Tokyo time on <paramref name="day"/>.</summary>
    private static ActivityRecord Record(int personId, int activityId, DateOnly day) =>
        ActivityRecord.Create(personId, activityId, new RecordInput { Date = day, StartTime = new TimeOnly(10, 0), Minutes = 60, Visits = 1 },
            day.ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc), RecordSource.Staff, "seed", TestClock.UtcNow);

    private async Task CoordinatorAsync(string email, int areaId)
    {
        await StaffSignInClient.CreateCoordinatorAsync(_app, email, "Coordinator-Pass-1");
        await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            db.StaffUserAreas.Add(new StaffUserArea { StaffUserId = user.Id, AreaId = areaId });
            await db.SaveChangesAsync();
        });
    }

    private Task<List<Training.Audit.AuditEntry>> AuditOfAsync(string email) =>
        _app.WithDbAsync(db => db.AuditEntries.Where(e => e.StaffUserName == email && e.Action.EndsWith("-reengagement")).OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task The_CSV_lists_the_districts_lapsed_and_never_active_helpers_in_furigana_order_with_what_a_caller_needs()
    {
        var s = await SeedAsync();

        var response = await s.Mine.GetAsync("/Staff/Activities/Reengage?handler=Csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Csv.Parse(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(Header, rows[0]);
        Assert.Equal([$"青木 和子{_tag}", "あおき かずこ", "0551-22-3333", s.District, "研修済み（未活動）", "", "", "", $"フォローアップ研修{_tag}（第2期）", "2026年12月9日（水）", "なし", "未確認", "電話"], rows[1]);
        Assert.Equal([$"𠮷田 春江{_tag}", "よしだ はるえ", "0551-22-4444", s.District, "研修済み（未活動）", "", "", "", $"フォローアップ研修{_tag}（第2期）", "2026年12月9日（水）", "あり", "取り消し", "案内しない（同意の取り消し）"], rows[2]);
        Assert.Equal([$"渡邊 髙志{_tag}", "わたなべ たかし", "090-1234-5678", s.District, "休止中", "2026年9月3日", $"いきいきサロン{_tag}", "2026年3月3日", $"フォローアップ研修{_tag}（第2期）", "2026年12月9日（水）", "あり", "あり", "メール"], rows[3]);
        Assert.Equal(4, rows.Count);
        var audit = Assert.Single(await AuditOfAsync(s.MineEmail));
        Assert.Equal(("export-reengagement", "CSV、3人（担当の地区のみ）"), (audit.Action, audit.Details));
    }

    [Fact]
    public async Task The_printed_list_and_the_XLSX_hold_the_same_people_and_each_copy_is_in_the_audit_log()
    {
        var s = await SeedAsync();

        var pdf = await s.Mine.GetAsync("/Staff/Activities/Reengage?handler=Pdf");
        var xlsx = await s.Mine.GetAsync("/Staff/Activities/Reengage?handler=Xlsx");

        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        using var document = UglyToad.PdfPig.PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
        var text = TextOf(document);
        Assert.Equal(1, document.NumberOfPages);
        Assert.Contains("活動から離れている担い手", text);
        Assert.Contains("3人（五十音順）", text);
        Assert.True(text.IndexOf($"青木和子{_tag}", StringComparison.Ordinal) < text.IndexOf($"渡邊髙志{_tag}", StringComparison.Ordinal), text);
        Assert.Contains("090-1234-5678", text);
        Assert.Contains("2026年9月3日から", text);
        Assert.Contains("ご案内しない", text);
        Assert.DoesNotContain(s.OtherName.Replace(" ", ""), text);
        Assert.DoesNotContain(s.ActiveName.Replace(" ", ""), text);
        Assert.DoesNotContain(_tag + "@", text);
        var rows = SpreadsheetFile.ReadRows(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal(Header, rows[0]);
        Assert.Equal([$"青木 和子{_tag}", $"𠮷田 春江{_tag}", $"渡邊 髙志{_tag}"], rows.Skip(1).Select(r => r[0]));
        Assert.Equal(["print-reengagement", "export-reengagement"], (await AuditOfAsync(s.MineEmail)).Select(e => e.Action));
        Assert.All(await AuditOfAsync(s.MineEmail), e => Assert.Equal("活動から離れている担い手", e.TargetLabel));
    }

    [Fact]
    public async Task A_stage_narrows_the_file_as_it_narrows_the_page_and_another_districts_coordinator_gets_none_of_these_helpers_even_naming_the_district()
    {
        var s = await SeedAsync();
        var mineArea = await _app.WithDbAsync(db => db.Areas.Where(a => a.Name == s.District).Select(a => a.Id).SingleAsync());

        var lapsed = Csv.Parse(Encoding.UTF8.GetString((await s.Mine.GetByteArrayAsync("/Staff/Activities/Reengage?handler=Csv&stage=Lapsed"))[3..]));
        var theirs = Csv.Parse(Encoding.UTF8.GetString((await s.Theirs.GetByteArrayAsync($"/Staff/Activities/Reengage?handler=Csv&area={mineArea}"))[3..]));
        var theirPdf = await s.Theirs.GetByteArrayAsync($"/Staff/Activities/Reengage?handler=Pdf&area={mineArea}");

        Assert.Equal([$"渡邊 髙志{_tag}"], lapsed.Skip(1).Select(r => r[0]));
        Assert.Equal([s.OtherName], theirs.Skip(1).Select(r => r[0]));
        using var document = UglyToad.PdfPig.PdfDocument.Open(theirPdf);
        var text = TextOf(document);
        Assert.Contains(s.OtherName.Replace(" ", ""), text);
        Assert.All(new[] { "渡邊", "青木", "𠮷田" }, name => Assert.DoesNotContain(name, text));
        var audit = Assert.Single(await AuditOfAsync(s.MineEmail));
        Assert.Equal("CSV、1人（休止中のみ・担当の地区のみ）", audit.Details);
    }

    [Fact]
    public async Task The_page_offers_the_print_and_the_files_for_the_list_as_filtered_and_says_since_when_a_helper_is_lapsed()
    {
        var s = await SeedAsync();

        var page = await s.Mine.GetStringAsync("/Staff/Activities/Reengage?stage=Lapsed");

        var links = System.Text.RegularExpressions.Regex.Matches(page, "href=\"([^\"]*handler=(?:Pdf|Xlsx|Csv)[^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, links.Count);
        Assert.All(links, link => Assert.Contains("stage=Lapsed", link));
        Assert.Contains("2026年9月3日（木）から", page);
        Assert.Contains("休止中", page);
    }

    /// <summary>The text of every page, without the spaces PDFs may or may not hold.</summary>
    private static string TextOf(UglyToad.PdfPig.PdfDocument document) =>
        string.Concat(document.GetPages().SelectMany(p => p.Letters).Select(l => l.Value).Where(v => !string.IsNullOrWhiteSpace(v)));
}
