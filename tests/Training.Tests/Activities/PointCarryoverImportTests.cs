using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Activities;
using Training.Organisations;
using Training.People;
using Training.Reports;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>
/// An earlier points ledger (a stamp card's totals, a spreadsheet) brought in through the app: previewed row by row, all
/// or nothing, within a coordinator's districts; the entries count in the balance, the statement, the export and the
/// report, and toward the caps — a correction or cancellation derives the helper's year again. Each test keeps a
/// district, a kind and its people of its own; the points switch is shared, so tests that touch it take turns.
/// </summary>
public sealed class PointCarryoverImportTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private static readonly SemaphoreSlim Switch = new(1, 1);
    private const string Header = "日付,氏名,ふりがな,活動の種類,ポイント,メモ\r\n";

    static PointCarryoverImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private sealed record Seeded(int Area, int Other, int Kind, int Activity, int Hanako, int Taro, int Stranger, HttpClient Coordinator);

    /// <summary>
    /// Points on; a district with a kind (300 a visit, 5,000 a fiscal year) and an activity of it; 髙橋 花子 and 𠮷田 太郎
    /// living there (a namesake 𠮷田 太郎 in another district), two 山田 一郎 told apart only by furigana, and a 竜岡 次郎
    /// of the other district; the district's coordinator signed in.
    /// </summary>
    private async Task<Seeded> SeedAsync()
    {
        await SetPointsAsync(true);
        var s = await _app.WithDbAsync(async db =>
        {
            var mine = new Area { Code = $"M-{_tag}", Name = $"穂坂{_tag}", NameKana = "ほさか" };
            var theirs = new Area { Code = $"T-{_tag}", Name = $"竜岡{_tag}", NameKana = "たつおか" };
            var kind = ActivityKind.Create($"見守り{_tag}", 90);
            db.Areas.AddRange(mine, theirs);
            db.ActivityKinds.Add(kind);
            await db.SaveChangesAsync();
            var activity = LocalActivity.Create(new ActivityInput
            {
                Name = $"見守り隊{_tag}", NameKana = "みまもりたい", KindId = kind.Id, AreaId = mine.Id, Schedule = "毎週", ContactName = "代表 一郎", ContactPhone = "0551-22-1111",
            });
            var hanako = new PersonBuilder().Named($"髙橋{_tag}", "花子", "たかはし", "はなこ").InArea(mine).Build();
            var taro = new PersonBuilder().Named($"𠮷田{_tag}", "太郎", "よしだ", "たろう").InArea(mine).Build();
            var namesake = new PersonBuilder().Named($"𠮷田{_tag}", "太郎", "よしだ", "たろう").InArea(theirs).Build();
            var ichiro = new PersonBuilder().Named($"山田{_tag}", "一郎", "やまだ", "いちろう").InArea(mine).Build();
            var kazuo = new PersonBuilder().Named($"山田{_tag}", "一郎", "やまだ", "かずお").InArea(mine).Build();
            var stranger = new PersonBuilder().Named($"竜岡{_tag}", "次郎", "たつおか", "じろう").InArea(theirs).Build();
            db.LocalActivities.Add(activity);
            db.People.AddRange(hanako, taro, namesake, ichiro, kazuo, stranger);
            await db.SaveChangesAsync();
            return (mine.Id, theirs.Id, kind.Id, activity.Id, hanako.Id, taro.Id, stranger.Id);
        });
        await using (var scope = _app.Scope())
            Assert.IsType<PointRuleChange.Saved>(await scope.ServiceProvider.GetRequiredService<Points>().SaveRuleAsync(
                new PointRuleInput { KindId = s.Item3, FromFiscalYear = 2026, Mode = PointMode.PerVisit, PointsPerVisit = 300, YearCap = 5000 }, true, Actor.System));
        var email = $"c-{_tag}@example.jp";
        await StaffSignInClient.CreateCoordinatorAsync(_app, email, "Coordinator-Pass-1");
        await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            db.StaffUserAreas.Add(new StaffUserArea { StaffUserId = user.Id, AreaId = s.Item1 });
            await db.SaveChangesAsync();
        });
        return new Seeded(s.Item1, s.Item2, s.Item3, s.Item4, s.Item5, s.Item6, s.Item7, await StaffSignInClient.SignedInClientAsync(_app, email, "Coordinator-Pass-1"));
    }

    private async Task SetPointsAsync(bool on)
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<Points>().SetEnabledAsync(on, Actor.System);
    }

    /// <summary>One counted record of the helper at the test's activity, and their year derived.</summary>
    private async Task<int> RecordAsync(Seeded s, int personId, string date)
    {
        var id = await _app.WithDbAsync(async db =>
        {
            var day = DateOnly.Parse(date);
            var record = ActivityRecord.Create(personId, s.Activity, new RecordInput { Date = day, StartTime = new TimeOnly(10, 0), Minutes = 60, Visits = 0 },
                day.ToDateTime(new TimeOnly(10, 0)).AddHours(-9), RecordSource.Staff, "staff", TestClock.UtcNow);
            db.ActivityRecords.Add(record);
            await db.SaveChangesAsync();
            return record.Id;
        });
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<Points>().RederiveAsync(personId, 2026);
        return id;
    }

    private static async Task<string> PreviewAsync(HttpClient client, byte[] file, string name = "ledger.csv")
    {
        var form = await client.GetStringAsync("/Staff/Points/Import");
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(file), "file", name },
            { new StringContent(StaffSignInClient.AntiforgeryToken(form)), "__RequestVerificationToken" },
        };
        var response = await client.PostAsync("/Staff/Points/Import?handler=Preview", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string preview) =>
        client.PostAsync("/Staff/Points/Import?handler=Import", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = Regex.Match(preview, "name=\"Token\" value=\"([^\"]+)\"").Groups[1].Value,
            ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(preview),
        }));

    /// <summary>A ledger brought in straight through the service, as the district's coordinator would.</summary>
    private async Task ImportAsync(Seeded s, string csv)
    {
        await using var scope = _app.Scope();
        Assert.IsType<CarryoverImportOutcome.Imported>(await scope.ServiceProvider.GetRequiredService<PointCarryoverImport>().ImportAsync(Encoding.UTF8.GetBytes(Header + csv), [s.Area], Actor.System));
    }

    private Task<List<PointAward>> AwardsAsync(int personId) =>
        _app.WithDbAsync(db => db.PointAwards.AsNoTracking().Where(a => a.PersonId == personId).OrderBy(a => a.Date).ToListAsync());

    private async Task<IReadOnlyList<PointBalance>> BalancesAsync(int personId)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<Points>().BalancesAsync(personId);
    }

    private Task<int> CarriedCountAsync(params int[] people) => _app.WithDbAsync(db => db.PointCarryovers.CountAsync(c => people.Contains(c.PersonId)));

    [Fact]
    public async Task A_shift_jis_ledger_is_previewed_then_imported_whole_counted_in_the_balance_and_toward_the_yearly_cap_and_audited()
    {
        await Switch.WaitAsync();
        try
        {
            var s = await SeedAsync();
            var record = await RecordAsync(s, s.Hanako, "2026-11-02");
            var csv = Header
                + $"2026/9/30,髙橋{_tag} 花子,,見守り{_tag},\"4,800\",紙の台帳\r\n"
                + $"2026年3月31日,𠮷田{_tag} 太郎,よしだ たろう,種類不明,1200,\r\n";
            // Shift_JIS has no 𠮷: the ledger says 吉田, matched by the folded name to the 𠮷田 of this district, and the preview shows both.
            var preview = await PreviewAsync(s.Coordinator, Encoding.GetEncoding(932).GetBytes(csv.Replace("𠮷", "吉")));
            var before = await AwardsAsync(s.Hanako);

            var confirmed = await ConfirmAsync(s.Coordinator, preview);

            var page = WebUtility.HtmlDecode(preview);
            Assert.Matches($"𠮷田{_tag} 太郎\\s*<br><span class=\"hint\">（ファイルでは「吉田{_tag} 太郎」）", page);
            Assert.Contains("2人分、2件（合計6,000ポイント）を取り込みます。", page);
            Assert.Contains("2件を取り込む（2人の残高が変わります）", page);
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
            Assert.Equal([(record, 300, PointCut.None)], before.Select(a => (a.RecordId, a.Points, a.Cut)));
            // 4,800 on paper of a 5,000 cap: the record here now earns the 200 left, in the same unit as the import.
            Assert.Equal([(record, 200, PointCut.Year)], (await AwardsAsync(s.Hanako)).Select(a => (a.RecordId, a.Points, a.Cut)));
            var hanako = (await BalancesAsync(s.Hanako)).Single(b => b.FiscalYear == 2026);
            Assert.Equal((200, 4800, 5000), (hanako.Points, hanako.Carried, hanako.Total));
            // 31 March 2026 is in fiscal year 2025; with no kind it counts in that year's balance only.
            Assert.Equal(1200, (await BalancesAsync(s.Taro)).Single(b => b.FiscalYear == 2025).Total);
            var entries = await _app.WithDbAsync(db => db.PointCarryovers.AsNoTracking().Where(c => c.PersonId == s.Hanako || c.PersonId == s.Taro).OrderBy(c => c.Date).ToListAsync());
            Assert.Equal([(s.Taro, 2025, (int?)null, 1200, ""), (s.Hanako, 2026, s.Kind, 4800, "紙の台帳")], entries.Select(e => (e.PersonId, e.FiscalYear, e.KindId, e.Points, e.Note)));
            Assert.Single(entries.Select(e => e.BatchId).Distinct());
            var audit = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "point-carryover-import" && e.EntityId == entries[0].BatchId).Select(e => e.Details).SingleAsync());
            Assert.Equal("2件（2人）、6,000ポイント（令和7年度・令和8年度）", audit);
        }
        finally { Switch.Release(); }
    }

    [Fact]
    public async Task A_ledger_with_bad_rows_imports_nothing_and_names_each_row_and_why()
    {
        await Switch.WaitAsync();
        try
        {
            var s = await SeedAsync();
            await ImportAsync(s, $"2026/8/31,𠮷田{_tag} 太郎,,見守り{_tag},500,8月分\r\n");
            var csv = Header
                + $"2026/9/30,知らない{_tag} 人,,,100,\r\n"                       // 2: nobody of that name
                + $"2026/9/30,山田{_tag} 一郎,,,100,\r\n"                         // 3: two of that name, no furigana
                + $"2026/9/30,髙橋{_tag} 花子,,草むしり,100,\r\n"                  // 4: no such kind
                + $"2026/9/30,髙橋{_tag} 花子,,,1.5,\r\n"                          // 5: not a whole number
                + $"2026/9/30,髙橋{_tag} 花子,,,-100,\r\n"                         // 6: not positive
                + $"2027/1/20,髙橋{_tag} 花子,,,100,\r\n"                          // 7: a day to come
                + $"去年の春,髙橋{_tag} 花子,,,100,\r\n"                            // 8: unreadable date
                + $"2026/9/1,山田{_tag} 一郎,やまだ かずお,見守り{_tag},300,\r\n"  // 9: fine
                + $"2026/9/1,山田{_tag} 一郎,やまだ かずお,見守り{_tag},300,\r\n"  // 10: the same as row 9
                + $"2026/8/31,𠮷田{_tag} 太郎,,見守り{_tag},500,8月分\r\n";        // 11: already brought in

            var page = WebUtility.HtmlDecode(await PreviewAsync(s.Coordinator, Encoding.UTF8.GetBytes(csv)));

            Assert.Contains("9か所に問題があります。", page);
            Assert.Contains($"2行目 「氏名」：「知らない{_tag} 人」は、担当の地区で記録のある方にいません。", page);
            Assert.Contains($"3行目 「ふりがな」：「山田{_tag} 一郎」が複数います。ふりがなで区別してください。", page);
            Assert.Contains($"4行目 「活動の種類」：「草むしり」：{PointCarryover.Messages.KindUnknown}", page);
            Assert.Contains("5行目 「ポイント」：「1.5」はポイントとして読めません。", page);
            Assert.Contains("6行目 「ポイント」：「-100」はポイントとして読めません。", page);
            Assert.Contains($"7行目 「日付」：{PointCarryover.Messages.DateInFuture}", page);
            Assert.Contains("8行目 「日付」：「去年の春」は日付として読めません", page);
            Assert.Contains($"10行目 「氏名」：9 行目と同じ内容です（山田{_tag} 一郎さん、同じ日・種類・ポイント）。", page);
            Assert.Matches($"11行目 「氏名」：𠮷田{_tag} 太郎さんのこの分は、.+にすでに取り込んであります。", page);
            Assert.DoesNotContain("9行目", page);
            Assert.DoesNotContain("name=\"Token\"", page);
            Assert.Equal(1, await CarriedCountAsync(s.Hanako, s.Taro));
            Assert.Equal(0, await _app.WithDbAsync(db => db.PointCarryovers.CountAsync(c => db.People.Any(p => p.Id == c.PersonId && p.FamilyName == $"山田{_tag}"))));
        }
        finally { Switch.Release(); }
    }

    [Fact]
    public async Task A_coordinator_brings_in_only_the_helpers_they_reach_while_an_administrator_brings_in_anyone()
    {
        await Switch.WaitAsync();
        try
        {
            var s = await SeedAsync();
            var xlsx = new XlsxBuilder().WithRows([["日付", "氏名", "ふりがな", "活動の種類", "ポイント", "メモ"], ["2026/9/30", $"竜岡{_tag} 次郎", "", $"見守り{_tag}", "700", ""]]).Build();
            var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

            var refused = WebUtility.HtmlDecode(await PreviewAsync(s.Coordinator, xlsx, "ledger.xlsx"));
            var accepted = await PreviewAsync(admin, xlsx, "ledger.xlsx");
            var imported = await ConfirmAsync(admin, accepted);

            Assert.Contains($"2行目 「氏名」：「竜岡{_tag} 次郎」は、担当の地区で記録のある方にいません。", refused);
            Assert.Contains("1人分、1件（合計700ポイント）を取り込みます。", WebUtility.HtmlDecode(accepted));
            Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
            Assert.Equal(700, (await BalancesAsync(s.Stranger)).Single(b => b.FiscalYear == 2026).Carried);
        }
        finally { Switch.Release(); }
    }

    [Fact]
    public async Task Correcting_or_cancelling_an_entry_derives_the_helpers_year_again_and_is_audited_before_and_after()
    {
        await Switch.WaitAsync();
        try
        {
            var s = await SeedAsync();
            var record = await RecordAsync(s, s.Hanako, "2026-11-02");
            await ImportAsync(s, $"2026/9/30,髙橋{_tag} 花子,,見守り{_tag},4800,\r\n");
            var entry = await _app.WithDbAsync(db => db.PointCarryovers.Where(c => c.PersonId == s.Hanako).Select(c => c.Id).SingleAsync());
            var capped = (await AwardsAsync(s.Hanako)).Single().Points;
            var url = $"/Staff/People/{s.Hanako}/CarriedPoints?entry={entry}";

            var corrected = await Forms.SubmitAsync(s.Coordinator, url, new Dictionary<string, string> { ["Input.Points"] = "4000", ["Input.KindId"] = "" });
            var afterCorrection = (await AwardsAsync(s.Hanako)).Single().Points;
            var balance = (await BalancesAsync(s.Hanako)).Single(b => b.FiscalYear == 2026);
            var cancelled = await Forms.SubmitAsync(s.Coordinator, url, new Dictionary<string, string> { ["Reason"] = "二重に数えていた" }, $"{url}&handler=Cancel");
            var again = await Forms.SubmitAsync(s.Coordinator, $"/Staff/People/{s.Hanako}/CarriedPoints", new Dictionary<string, string> { ["Reason"] = "もう一度" }, $"{url}&handler=Cancel");

            Assert.Equal(200, capped);
            Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
            // No kind any more: the 4,000 count in the balance only and the record earns its 300 in full.
            Assert.Equal(300, afterCorrection);
            Assert.Equal((4000, 4300), (balance.Carried, balance.Total));
            Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
            Assert.Equal((0, 300), (await BalancesAsync(s.Hanako)).Single(b => b.FiscalYear == 2026) is var after ? (after.Carried, after.Total) : default);
            Assert.Contains(PointCarryover.Messages.Cancelled, await again.Content.ReadAsStringAsync());
            var audits = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "PointCarryover" && e.EntityId == entry.ToString()).OrderBy(e => e.Id)
                .Select(e => new { e.Action, e.Details, e.PersonId }).ToListAsync());
            Assert.Equal(["point-carryover-edit", "point-carryover-cancel"], audits.Select(a => a.Action));
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal($"活動の種類: 見守り{_tag} → 種類不明、ポイント: 4800 → 4000", audits[0].Details);
            Assert.Equal("2026-09-30 4000ポイント 種類不明　理由: 二重に数えていた", audits[1].Details);
            Assert.All(audits, a => Assert.Equal(s.Hanako, a.PersonId));
        }
        finally { Switch.Release(); }
    }

    [Fact]
    public async Task Points_brought_in_show_on_the_statement_the_export_the_report_and_the_helpers_own_page_and_a_whole_import_can_be_taken_back()
    {
        await Switch.WaitAsync();
        try
        {
            var s = await SeedAsync();
            await RecordAsync(s, s.Hanako, "2026-11-02");
            await ImportAsync(s, $"2026/9/30,髙橋{_tag} 花子,,見守り{_tag},4800,\r\n2026/9/30,𠮷田{_tag} 太郎,,,250,\r\n");
            var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
            var token = await _app.WithDbAsync(db => db.People.Where(p => p.Id == s.Hanako).Select(p => p.AccessToken).SingleAsync());

            var statement = Text(await admin.GetByteArrayAsync($"/Staff/Points/Statement/{s.Hanako}/2026"));
            var english = Text(await admin.GetByteArrayAsync($"/Staff/Points/Statement/{s.Hanako}/2026?lang=en"));
            var csv = Encoding.UTF8.GetString(await s.Coordinator.GetByteArrayAsync("/Staff/Points/Export?handler=Csv&year=2026"));
            var own = WebUtility.HtmlDecode(await _app.CreateClient().GetStringAsync($"/My/{token}"));
            var person = WebUtility.HtmlDecode(await s.Coordinator.GetStringAsync($"/Staff/People/{s.Hanako}"));
            ActivityFigures figures;
            await using (var scope = _app.Scope())
                figures = await scope.ServiceProvider.GetRequiredService<ActivityReport>().ComputeAsync(2026, [s.Area]);
            var rows = figures.Tables.Single(t => t.Title == ActivityReportWords.PointsByKind);

            Assert.Contains("以前の台帳から", statement);
            Assert.Contains($"見守り{_tag}", statement);
            Assert.Contains("うち以前の台帳から", statement);
            Assert.Contains("5,000 ポイント", statement);
            Assert.Contains("From the earlier ledger", english);
            Assert.Contains($"\"{s.Hanako}\",\"髙橋{_tag} 花子\",\"たかはし はなこ\",\"穂坂{_tag}\",\"300\",\"200\",\"1\",\"4800\",\"5000\"", csv);
            Assert.Contains($"\"{s.Taro}\",\"𠮷田{_tag} 太郎\",\"よしだ たろう\",\"穂坂{_tag}\",\"0\",\"0\",\"0\",\"250\",\"250\"", csv);
            Assert.Contains("以前の台帳からのポイント", csv);
            Assert.Contains("5,000ポイント", own);
            Assert.Contains("うち以前の台帳から 4,800ポイント", own);
            Assert.Contains("以前の台帳からの分を見る・直す", person);
            Assert.DoesNotContain("以前の台帳からの分を見る・直す", own);
            Assert.Equal([ActivityReportWords.PointsPeople, ActivityReportWords.PointsAwarded, ActivityReportWords.PointsCapped, ActivityReportWords.PointsCarried], rows.Columns);
            Assert.Equal([1m, 200m, 100m, 4800m], rows.Rows.Single(r => r.Key == $"{s.Kind}").Values);
            Assert.Equal([1m, 0m, 0m, 250m], rows.Rows.Single(r => r.Key == "unknown").Values);

            // The whole import taken back (the wrong file): nothing of it counts, the record earns its 300 again.
            var batch = await _app.WithDbAsync(db => db.PointCarryovers.Where(c => c.PersonId == s.Hanako).Select(c => c.BatchId).SingleAsync());
            var page = await s.Coordinator.GetStringAsync("/Staff/Points/Import");
            var takenBack = await Forms.SubmitAsync(s.Coordinator, page, $"/Staff/Points/Import?handler=TakeBack&batchId={batch}", new Dictionary<string, string> { ["Reason"] = "別の市のファイルだった" });
            Assert.Equal(HttpStatusCode.Redirect, takenBack.StatusCode);
            Assert.Equal((0, 300), (await BalancesAsync(s.Hanako)).Single(b => b.FiscalYear == 2026) is var after ? (after.Carried, after.Total) : default);
            Assert.Equal(0, await _app.WithDbAsync(db => db.PointCarryovers.CountAsync(c => c.BatchId == batch && c.CancelledAt == null)));
        }
        finally { Switch.Release(); }
    }

    [Fact]
    public async Task With_points_off_the_import_page_says_so_and_nothing_is_brought_in()
    {
        await Switch.WaitAsync();
        try
        {
            var s = await SeedAsync();
            var file = Encoding.UTF8.GetBytes(Header + $"2026/9/30,髙橋{_tag} 花子,,,100,\r\n");
            await SetPointsAsync(false);
            var page = await s.Coordinator.GetStringAsync("/Staff/Points/Import");
            CarryoverImportOutcome outcome;
            await using (var scope = _app.Scope())
                outcome = await scope.ServiceProvider.GetRequiredService<PointCarryoverImport>().ImportAsync(file, [], Actor.System);
            var carriedPage = await s.Coordinator.GetAsync($"/Staff/People/{s.Hanako}/CarriedPoints");
            await SetPointsAsync(true);

            Assert.Contains("data-testid=\"points-off\"", page);
            Assert.DoesNotContain("type=\"file\"", page);
            Assert.IsType<CarryoverImportOutcome.PointsOff>(outcome);
            Assert.Equal(HttpStatusCode.NotFound, carriedPage.StatusCode);
            Assert.Equal(0, await CarriedCountAsync(s.Hanako));
        }
        finally { Switch.Release(); }
    }

    private static string Text(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => p.Text));
    }
}
