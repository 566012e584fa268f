using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Organisations;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.People;

/// <summary>Importing an existing ledger: per-row problems, matching with variant kanji and kana folded, all or nothing, logged.</summary>
/// <remarks>
/// One app for the class: each test imports people of its own names and phones and asserts on those, its own course, batch
/// and file. The taking back of abandoned batches (which counts every batch) keeps an app of its own.
/// </remarks>
public sealed class PeopleImportTests(PeopleImportTests.App shared) : IClassFixture<PeopleImportTests.App>
{
    /// <summary>The class's app, with 穂坂地区 and 高橋 茂 on record.</summary>
    public sealed class App : SharedApp
    {
        public App() => SeedAsync(this.App).GetAwaiter().GetResult();
    }

    private readonly TrainingApp _app = shared.App;

    private static Task SeedAsync(TrainingApp app) => app.WithDbAsync(async db =>
    {
        db.Areas.Add(new Area { Code = "H", Name = "穂坂地区", NameKana = "ほさかちく" });
        db.People.Add(new PersonBuilder().Named("高橋", "茂", "たかはし", "しげる").WithPhone("0551-22-9999").Build());
        await db.SaveChangesAsync();
    });

    /// <summary>高橋 茂, however a file spelled his family name: one person, or a duplicate slipped in.</summary>
    private Task<int> ShigeruTakahashiCountAsync() =>
        _app.WithDbAsync(db => db.People.CountAsync(p => (p.FamilyName == "高橋" || p.FamilyName == "髙橋") && p.GivenName == "茂"));

    /// <summary>The audit page's row for the import of one file.</summary>
    private static string AuditRowOf(string page, string fileName) =>
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "<tr>((?!</tr>).)*</tr>", System.Text.RegularExpressions.RegexOptions.Singleline),
            m => m.Value.Contains(fileName)).Value;

    private const string Header = "氏,名,氏（ふりがな）,名（ふりがな）,電話,メール,地区,生まれた年,性別\r\n";

    private async Task<PeopleImportPreview> PreviewAsync(byte[] file)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<PeopleImport>().PreviewAsync(file);
    }

    [Fact]
    public async Task Bad_rows_are_reported_by_row_column_and_reason_and_nothing_is_imported()
    {
        var csv = Header + "山﨑,和子,やまざき,かずこ,0551-22-1111,,穂坂,1948,女\r\n" + "佐藤,進,Sato,すすむ,12,not-an-email,火星,19xx,?\r\n";
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var preview = await PreviewAsync(Encoding.UTF8.GetBytes(csv));
        var page = await Upload(client, Encoding.UTF8.GetBytes(csv), "ledger.csv");

        Assert.False(preview.CanImport);
        Assert.Equal(["氏（ふりがな）", "電話", "メール", "地区", "生まれた年", "性別"], preview.Problems.Select(p => p.Column));
        Assert.All(preview.Problems, p => Assert.Equal(3, p.Row));
        Assert.Contains("「火星」という地区はありません", page);
        Assert.DoesNotContain("name=\"Token\"", page);
        Assert.Equal(0, await _app.WithDbAsync(db => db.People.CountAsync(p => p.FamilyName == "山﨑" || p.FamilyName == "佐藤")));
    }

    [Fact]
    public async Task People_already_here_are_matched_with_variant_kanji_and_kana_folded_and_the_rest_are_added_and_logged()
    {
        // 髙橋/高橋 and ﾀｶﾊｼ/たかはし are the same person; 齋藤 is new; a second 齋藤 row is the same person twice in the file.
        var csv = Header + "髙橋,茂,ﾀｶﾊｼ,シゲル,,,,,\r\n" + "齋藤,ハル,さいとう,はる,090-1234-5678,haru@example.jp,穂坂地区,1950,女性\r\n";
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var page = await Upload(client, Encoding.UTF8.GetBytes(csv), "hosaka-ledger.csv");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"Token\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/Staff/Admin/ImportPeople?handler=Import", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = token, ["FileName"] = "hosaka-ledger.csv", ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(page),
        }));

        Assert.Contains("新しく1人を登録します。1人はすでに登録されている方と同じ", page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await ShigeruTakahashiCountAsync());
        var haru = await _app.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => (p.FamilyName == "齋藤" || p.FamilyName == "斉藤") && p.GivenName == "ハル"));
        Assert.Equal(("齋藤", "ハル", "さいとう", "はる", "090-1234-5678", 1950, Sex.Female), (haru.FamilyName, haru.GivenName, haru.FamilyNameKana, haru.GivenNameKana, haru.Phone, haru.BirthYear.GetValueOrDefault(), haru.Sex));
        var log = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "import-people" && a.TargetLabel == "hosaka-ledger.csv"));
        Assert.Equal("added=1; known=1", log.Details);
        // The audit page words the figures in the reader's language.
        var audit = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/Staff/Admin/Audit"));
        await client.GetAsync("/Culture?culture=en&returnUrl=%2F");
        var auditEn = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/Staff/Admin/Audit"));
        Assert.Contains("1人を追加、1人は登録済みの方と照合", AuditRowOf(audit, "hosaka-ledger.csv"));
        Assert.Contains("1 added, 1 matched to people already on record", AuditRowOf(auditEn, "hosaka-ledger.csv"));
    }

    [Fact]
    public async Task A_courses_paper_ledger_registers_new_and_known_people_on_that_course()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var csv = Header + "髙橋,茂,たかはし,しげる,,,,,\r\n" + "齋藤,ナツ,さいとう,なつ,,,,,\r\n";
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var form = await client.GetStringAsync($"/Staff/Admin/ImportPeople?courseId={course.Id}");
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "course.csv" },
            { new StringContent(StaffSignInClient.AntiforgeryToken(form)), "__RequestVerificationToken" },
        };
        var page = await (await client.PostAsync($"/Staff/Admin/ImportPeople?handler=Preview&courseId={course.Id}", content)).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"Token\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync($"/Staff/Admin/ImportPeople?handler=Import&courseId={course.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = token, ["FileName"] = "course.csv", ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(page),
        }));

        Assert.Contains("生活支援サポーター養成講座", form);
        Assert.Equal($"/Staff/Courses/{course.Id}", response.Headers.Location?.OriginalString);
        var registered = await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == course.Id).Select(r => new { r.Person!.FamilyName, r.Channel }).ToListAsync());
        Assert.Equal(["高橋", "齋藤"], registered.Select(r => r.FamilyName).Order());
        Assert.All(registered, r => Assert.Equal(ContactChannel.Import, r.Channel));
        Assert.Equal(1, await ShigeruTakahashiCountAsync());
        Assert.Equal(1, await _app.WithDbAsync(db => db.People.CountAsync(p => (p.FamilyName == "齋藤" || p.FamilyName == "斉藤") && p.GivenName == "ナツ")));
    }

    [Fact]
    public async Task The_same_person_twice_in_one_file_is_a_problem()
    {
        var csv = Header + "齋藤,ハル,さいとう,はる,,,,,\r\n" + "斉藤,ハル,サイトウ,ハル,,,,,\r\n";

        var preview = await PreviewAsync(Encoding.UTF8.GetBytes(csv));

        var problem = Assert.Single(preview.Problems);
        Assert.Equal(3, problem.Row);
        Assert.Contains("2行目と同じ方", problem.Reason);
    }

    [Fact]
    public async Task An_Excel_file_and_a_Shift_JIS_CSV_are_read_as_typed()
    {
        var xlsx = Xlsx([["氏", "名", "氏（ふりがな）", "名（ふりがな）"], ["𠮷田", "春江", "よしだ", "はるえ"]]);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var sjis = Encoding.GetEncoding(932).GetBytes(Header + "渡辺,進,わたなべ,すすむ,,,,,\r\n");

        var fromExcel = await PreviewAsync(xlsx);
        var fromCsv = await PreviewAsync(sjis);

        Assert.Equal("𠮷田", Assert.Single(fromExcel.People).FamilyName);
        Assert.Equal("渡辺", Assert.Single(fromCsv.People).FamilyName);
    }

    private static string ImportToken(string page) => System.Text.RegularExpressions.Regex.Match(page, "name=\"Token\" value=\"([^\"]+)\"").Groups[1].Value;

    private static async Task<string> PreviewCourseLedgerAsync(HttpClient client, int courseId, string csv)
    {
        var form = await client.GetStringAsync($"/Staff/Admin/ImportPeople?courseId={courseId}");
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "course.csv" },
            { new StringContent(StaffSignInClient.AntiforgeryToken(form)), "__RequestVerificationToken" },
        };
        return await (await client.PostAsync($"/Staff/Admin/ImportPeople?handler=Preview&courseId={courseId}", content)).Content.ReadAsStringAsync();
    }

    private static string Ledger(int people) => Header + string.Concat(Enumerable.Range(1, people).Select(i => $"佐藤{i},花子,さとう,はなこ,0551-30-{i:0000},,,,\r\n"));

    [Fact]
    public async Task A_course_ledger_beyond_the_capacity_puts_the_rest_on_the_waiting_list_in_file_order_and_says_so_first()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(20).SaveAsync(db));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var page = await PreviewCourseLedgerAsync(client, course.Id, Ledger(25));
        await client.PostAsync($"/Staff/Admin/ImportPeople?handler=Import&courseId={course.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = ImportToken(page), ["FileName"] = "course.csv", ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(page),
        }));

        Assert.Contains("定員を超える5人は、名簿の順にキャンセル待ちになります。", page);
        var registrations = await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == course.Id).OrderBy(r => r.Id)
            .Select(r => new { r.Person!.FamilyName, r.Status, r.WaitlistPosition }).ToListAsync());
        Assert.Equal(20, registrations.Count(r => r.Status == Training.Registrations.RegistrationStatus.Confirmed));
        var waiting = registrations.Where(r => r.Status == Training.Registrations.RegistrationStatus.Waitlisted).ToList();
        Assert.Equal(["佐藤21", "佐藤22", "佐藤23", "佐藤24", "佐藤25"], waiting.Select(w => w.FamilyName));
        Assert.Equal([1, 2, 3, 4, 5], waiting.Select(w => w.WaitlistPosition!.Value));
    }

    [Fact]
    public async Task A_long_preview_comes_a_page_at_a_time_and_a_cancelled_preview_leaves_no_file()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(500).SaveAsync(db));
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var page = await PreviewCourseLedgerAsync(client, course.Id, Ledger(250));
        var token = ImportToken(page);
        var folder = Path.Combine(_app.Setting("Site:DataDirectory"), ImportUploads.FolderName);

        var second = await client.GetStringAsync($"/Staff/Admin/ImportPeople?courseId={course.Id}&token={token}&fileName=course.csv&pageNumber=2");
        Assert.True(File.Exists(Path.Combine(folder, token)));
        await client.PostAsync($"/Staff/Admin/ImportPeople?handler=Cancel&courseId={course.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = token, ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(page),
        }));

        Assert.Contains("佐藤100", page);
        Assert.DoesNotContain("佐藤101<", page);
        Assert.Contains("佐藤101", second);
        Assert.DoesNotContain("佐藤100<", second);
        Assert.False(File.Exists(Path.Combine(folder, token)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Registrations.CountAsync(r => r.CourseId == course.Id)));
    }

    [Fact]
    public async Task A_preview_nobody_came_back_for_is_deleted_after_a_day()
    {
        await using var scope = _app.Scope();
        var uploads = scope.ServiceProvider.GetRequiredService<ImportUploads>();
        var old = await uploads.SaveAsync(Encoding.UTF8.GetBytes(Ledger(1)));
        var recent = await uploads.SaveAsync(Encoding.UTF8.GetBytes(Ledger(1)));
        var folder = Path.Combine(_app.Setting("Site:DataDirectory"), ImportUploads.FolderName);
        File.SetLastWriteTimeUtc(Path.Combine(folder, old), TestClock.UtcNow.AddDays(-2));

        var deleted = uploads.DeleteAbandoned();

        Assert.Equal(1, deleted);
        Assert.Null(await uploads.ReadAsync(old));
        Assert.NotNull(await uploads.ReadAsync(recent));
    }

    [Fact]
    public async Task An_import_commits_a_chunk_at_a_time_and_a_residents_registration_goes_through_between_two_chunks()
    {
        // Three chunks; the hundred-thousand-row file (its time and memory) is benchmarks/people-import. That a waiting
        // writer goes before the import's next chunk is DatabaseWriteGateTests'.
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var csv = new StringBuilder(Header);
        for (var i = 0; i < 3 * PeopleImport.ChunkSize; i++) csv.Append($"塩谷{i},花子,しおや,はなこ,,,,,\r\n");
        await using var scope = _app.Scope();
        var importDb = scope.ServiceProvider.GetRequiredService<Training.Data.TrainingDbContext>();
        // The import takes its batch back after each committed chunk, holding no transaction and no write gate: the test
        // stops it there once, writes meanwhile, and lets it go on.
        var firstChunkIn = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var goOn = new ManualResetEventSlim();
        importDb.ChangeTracker.Tracked += (_, e) =>
        {
            // Were the registration held behind the stopped import, the import fails here and so does the test.
            if (e.Entry.Entity is ImportBatch batch && e.Entry.State == EntityState.Unchanged && firstChunkIn.TrySetResult(batch.Id)
                && !goOn.Wait(TimeSpan.FromMinutes(2)))
                throw new TimeoutException("The registration waited for the stopped import.");
        };
        // As in the app, the import runs on its own request thread (SQLite's calls complete synchronously).
        var importing = Task.Run(() => scope.ServiceProvider.GetRequiredService<PeopleImport>().ImportAsync(Encoding.UTF8.GetBytes(csv.ToString()), "chunked.csv", new Actor(null, "test", null)));
        Assert.Same(firstChunkIn.Task, await Task.WhenAny(firstChunkIn.Task, importing));
        var batchId = await firstChunkIn.Task;

        var registered = await Forms.PostAsync(_app.CreateBrowserLikeClient(), $"/Courses/{course.Id}/Register", new Dictionary<string, string>
        {
            ["Input.FamilyName"] = "塩谷", ["Input.GivenName"] = "太郎", ["Input.FamilyNameKana"] = "しおや", ["Input.GivenNameKana"] = "たろう",
            ["Input.Phone"] = "0551-22-0071", ["Input.Consent"] = "true",
        });
        var committedMeanwhile = await _app.WithDbAsync(db => db.People.CountAsync(p => p.ImportBatchId == batchId));
        goOn.Set();
        var added = await importing;

        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal(PeopleImport.ChunkSize, committedMeanwhile);
        Assert.Equal(3 * PeopleImport.ChunkSize, added);
        Assert.Equal(3 * PeopleImport.ChunkSize + 1, await _app.WithDbAsync(db => db.People.CountAsync(p => p.FamilyName.StartsWith("塩谷"))));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Registrations.CountAsync(r => r.CourseId == course.Id)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.People.CountAsync(p => p.ImportBatchId == batchId)));
    }

    [Fact]
    public async Task An_import_a_stopped_process_left_half_written_is_taken_back_whole()
    {
        // Its own app: the take-back counts every abandoned batch, and another test's batch left running goes silent too.
        using var app = new TrainingApp();
        await SeedAsync(app);
        var batchId = await app.WithDbAsync(async db =>
        {
            var batch = new ImportBatch { FileName = "killed.csv", StartedAt = TestClock.UtcNow.AddMinutes(-10), HeartbeatAt = TestClock.UtcNow.AddMinutes(-5), Status = ImportBatchStatus.Running };
            db.ImportBatches.Add(batch);
            await db.SaveChangesAsync();
            for (var i = 0; i < 3; i++)
            {
                var person = new PersonBuilder().Named("途中", $"{i}", "とちゅう", "いち").FromImport(batch.Id).Build();
                db.People.Add(person);
            }
            await db.SaveChangesAsync();
            return batch.Id;
        });
        await using var scope = app.Scope();

        var takenBack = await scope.ServiceProvider.GetRequiredService<PeopleImport>().TakeBackAbandonedAsync();

        Assert.Equal(1, takenBack);
        Assert.Equal(0, await app.WithDbAsync(db => db.People.CountAsync(p => p.FamilyName == "途中")));
        Assert.Equal(ImportBatchStatus.TakenBack, await app.WithDbAsync(db => db.ImportBatches.Where(b => b.Id == batchId).Select(b => b.Status).SingleAsync()));
    }

    [Fact]
    public async Task An_import_whose_process_was_killed_a_moment_ago_is_taken_back_at_once_and_a_running_one_is_left()
    {
        var killedBy = await ProcessTags.KilledAsync();
        var (dead, running) = await _app.WithDbAsync(async db =>
        {
            var batches = new[] { killedBy, Training.Data.ClaimTokens.Mine }.Select(by => new ImportBatch
            {
                FileName = "ledger.csv", StartedAt = TestClock.UtcNow, HeartbeatAt = TestClock.UtcNow, Status = ImportBatchStatus.Running, WrittenBy = by,
            }).ToList();
            db.ImportBatches.AddRange(batches);
            await db.SaveChangesAsync();
            return (batches[0].Id, batches[1].Id);
        });
        await using var scope = _app.Scope();

        await scope.ServiceProvider.GetRequiredService<PeopleImport>().TakeBackAbandonedAsync();

        var statuses = await _app.WithDbAsync(db => db.ImportBatches.ToDictionaryAsync(b => b.Id, b => b.Status));
        Assert.Equal(ImportBatchStatus.TakenBack, statuses[dead]);
        Assert.Equal(ImportBatchStatus.Running, statuses[running]);
    }

    private static async Task<string> Upload(HttpClient client, byte[] file, string name)
    {
        var form = await client.GetStringAsync("/Staff/Admin/ImportPeople");
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(file), "file", name },
            { new StringContent(StaffSignInClient.AntiforgeryToken(form)), "__RequestVerificationToken" },
        };
        var response = await client.PostAsync("/Staff/Admin/ImportPeople?handler=Preview", content);
        return await response.Content.ReadAsStringAsync();
    }

    private static byte[] Xlsx(string[][] rows) => new XlsxBuilder().WithRows(rows).Build();
}
