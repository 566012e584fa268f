using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Activities;
using Training.Data;
using Training.Organisations;
using Training.People;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>
/// Volunteer points through the app on one shared database: derived awards follow records and rules exactly, the
/// admin's rule page asks before a rule without a cap, the export keeps to a coordinator's districts, the statement
/// prints the name as written, and switching points off hides them everywhere. Each test keeps a kind of its own.
/// </summary>
public sealed class PointsTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private static readonly SemaphoreSlim Switch = new(1, 1);

    private sealed record Seeded(int AreaId, int KindId, int ActivityId, int PersonId, string Token);

    /// <summary>A district, a kind and an activity of this test's own, and one helper living there.</summary>
    private async Task<Seeded> SeedAsync(string family = "山田", string given = "花子", int? born = 1950)
    {
        await EnableAsync(true);
        return await _app.WithDbAsync(async db =>
        {
            var area = new Area { Code = $"P-{_tag}", Name = $"穂坂{_tag}", NameKana = "ほさか" };
            var kind = ActivityKind.Create($"見守り{_tag}", 90);
            db.Areas.Add(area);
            db.ActivityKinds.Add(kind);
            await db.SaveChangesAsync();
            var activity = LocalActivity.Create(new ActivityInput
            {
                Name = $"見守り隊{_tag}", NameKana = "みまもりたい", KindId = kind.Id, AreaId = area.Id, Schedule = "毎週", ContactName = "代表 一郎", ContactPhone = "0551-22-1111",
            });
            var person = new PersonBuilder().Named(family, given, "よしだ", "はなこ").InArea(area).BornIn(born).Build();
            db.LocalActivities.Add(activity);
            db.People.Add(person);
            await db.SaveChangesAsync();
            return new Seeded(area.Id, kind.Id, activity.Id, person.Id, person.AccessToken);
        });
    }

    private async Task EnableAsync(bool on)
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<Points>().SetEnabledAsync(on, Actor.System);
    }

    private async Task<int> RecordAsync(Seeded s, string date, string start = "10:00", int minutes = 60, int visits = 0) =>
        await _app.WithDbAsync(async db =>
        {
            var day = DateOnly.Parse(date);
            var time = TimeOnly.Parse(start);
            var record = ActivityRecord.Create(s.PersonId, s.ActivityId, new RecordInput { Date = day, StartTime = time, Minutes = minutes, Visits = visits },
                day.ToDateTime(time).AddHours(-9), RecordSource.Staff, "staff", TestClock.UtcNow);
            db.ActivityRecords.Add(record);
            await db.SaveChangesAsync();
            return record.Id;
        });

    private async Task SaveRuleAsync(Seeded s, Action<PointRuleInput> set)
    {
        await using var scope = _app.Scope();
        var input = new PointRuleInput { KindId = s.KindId, FromFiscalYear = 2026, Mode = PointMode.PerVisit, PointsPerVisit = 100, DayCap = 1000 };
        set(input);
        Assert.IsType<PointRuleChange.Saved>(await scope.ServiceProvider.GetRequiredService<Points>().SaveRuleAsync(input, true, Actor.System));
    }

    private async Task<List<PointAward>> AwardsAsync(int personId) =>
        await _app.WithDbAsync(db => db.PointAwards.AsNoTracking().Where(a => a.PersonId == personId).OrderBy(a => a.Date).ToListAsync());

    private async Task RederiveAsync(int personId)
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<Points>().RederiveAsync(personId, 2026);
    }

    [Fact]
    public async Task A_corrected_or_cancelled_record_re_derives_its_helpers_year_exactly_and_counts_once()
    {
        await Switch.WaitAsync();
        try
        {
            var s = await SeedAsync();
            await SaveRuleAsync(s, i => { i.DayCap = 150; });
            var first = await RecordAsync(s, "2026-11-02", "09:00");
            var second = await RecordAsync(s, "2026-11-02", "13:00");
            await RederiveAsync(s.PersonId);
            await RederiveAsync(s.PersonId);
            var before = await AwardsAsync(s.PersonId);

            // The morning record is corrected to the day before: the afternoon one is no longer cut by the day's cap.
            await using (var scope = _app.Scope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
                var unit = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
                var points = scope.ServiceProvider.GetRequiredService<Points>();
                await unit.RunAsync(async ct =>
                {
                    var record = await db.ActivityRecords.SingleAsync(r => r.Id == first, ct);
                    record.Correct(new RecordInput { Date = new DateOnly(2026, 11, 1), StartTime = new TimeOnly(9, 0), Minutes = 60, Visits = 0 }, new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), TestClock.UtcNow);
                    await points.RederiveAsync(s.PersonId, 2026, ct);
                });
            }
            var corrected = await AwardsAsync(s.PersonId);
            await _app.WithDbAsync(async db =>
            {
                (await db.ActivityRecords.SingleAsync(r => r.Id == second)).Cancel("入力の誤り", TestClock.UtcNow);
                await db.SaveChangesAsync();
            });
            await RederiveAsync(s.PersonId);
            var cancelled = await AwardsAsync(s.PersonId);

            Assert.Equal([(first, 100, PointCut.None), (second, 50, PointCut.Day)], before.Select(a => (a.RecordId, a.Points, a.Cut)));
            Assert.Equal([(first, 100, PointCut.None), (second, 100, PointCut.None)], corrected.Select(a => (a.RecordId, a.Points, a.Cut)));
            Assert.Equal([(first, 100)], cancelled.Select(a => (a.RecordId, a.Points)));
        }
        finally { Switch.Release(); }
    }

    [Fact]
    public async Task A_rule_change_for_this_year_marks_the_year_and_its_derivation_rewrites_every_award_while_next_years_rule_changes_nothing()
    {
        await Switch.WaitAsync();
        try
        {
            var s = await SeedAsync();
            await SaveRuleAsync(s, _ => { });
            await RecordAsync(s, "2026-10-05", minutes: 150, visits: 2);
            await RederiveAsync(s.PersonId);
            var perVisit = (await AwardsAsync(s.PersonId)).Single().Points;

            await SaveRuleAsync(s, i => { i.FromFiscalYear = 2027; i.PointsPerVisit = 500; });
            var untouched = (await AwardsAsync(s.PersonId)).Single().Points;
            await SaveRuleAsync(s, i => { i.Mode = PointMode.ByDuration; i.PointsPerVisit = null; (i.BandMinutes[0], i.BandPoints[0], i.BandMinutes[1], i.BandPoints[1]) = (0, 100, 120, 200); });
            var marked = await _app.WithDbAsync(db => db.PointYearMarks.AnyAsync(m => m.FiscalYear == 2026));
            await using (var scope = _app.Scope())
                await scope.ServiceProvider.GetRequiredService<Points>().SweepAsync();
            var byDuration = (await AwardsAsync(s.PersonId)).Single().Points;

            Assert.Equal((200, 200, true, 200), (perVisit, untouched, marked, byDuration));
            Assert.False(await _app.WithDbAsync(db => db.PointYearMarks.AnyAsync(m => m.FiscalYear == 2026)));
            var audited = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "point-rule-save" && e.EntityId == s.KindId.ToString()).CountAsync());
            Assert.Equal(3, audited);
        }
        finally { Switch.Release(); }
    }

    [Fact]
    public async Task A_rule_without_any_cap_asks_for_confirmation_before_it_is_saved()
    {
        await Switch.WaitAsync();
        try
        {
            var s = await SeedAsync();
            var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
            var url = $"/Staff/Admin/Points/Rule?kindId={s.KindId}";
            var typed = new Dictionary<string, string> { ["Input.Mode"] = "PerVisit", ["Input.PointsPerVisit"] = "100", ["Input.FromFiscalYear"] = "2026" };

            var asked = await Forms.SubmitAsync(admin, url, typed);
            var askedHtml = await asked.Content.ReadAsStringAsync();
            var savedBefore = await _app.WithDbAsync(db => db.PointRules.AnyAsync(r => r.KindId == s.KindId));
            var confirmed = await Forms.SubmitAsync(admin, askedHtml, url, new Dictionary<string, string>(typed) { ["NoCapConfirmed"] = "true" });

            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
            Assert.Contains("data-testid=\"confirm-no-cap\"", askedHtml);
            Assert.False(savedBefore);
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
            var rule = await _app.WithDbAsync(db => db.PointRules.SingleAsync(r => r.KindId == s.KindId));
            Assert.Equal((100, false), (rule.PointsPerVisit, rule.HasCap));
        }
        finally { Switch.Release(); }
    }

    [Fact]
    public async Task The_export_holds_only_a_coordinators_districts_and_the_download_is_audited()
    {
        await Switch.WaitAsync();
        try
        {
            var mine = await SeedAsync("穂坂", "花子");
            await SaveRuleAsync(mine, _ => { });
            await RecordAsync(mine, "2026-09-01", visits: 3);
            await RederiveAsync(mine.PersonId);
            var theirs = await _app.WithDbAsync(async db =>
            {
                var area = new Area { Code = $"Q-{_tag}", Name = $"竜岡{_tag}", NameKana = "たつおか" };
                db.Areas.Add(area);
                var person = new PersonBuilder().Named("竜岡", "次郎", "たつおか", "じろう").InArea(area).Build();
                db.People.Add(person);
                await db.SaveChangesAsync();
                return new Seeded(area.Id, mine.KindId, mine.ActivityId, person.Id, person.AccessToken);
            });
            await RecordAsync(theirs, "2026-09-02");
            await RederiveAsync(theirs.PersonId);
            var email = $"points-{_tag}@example.jp";
            await StaffSignInClient.CreateCoordinatorAsync(_app, email, "Coordinator-Pass-1");
            await _app.WithDbAsync(async db =>
            {
                var user = await db.Users.SingleAsync(u => u.Email == email);
                db.StaffUserAreas.Add(new StaffUserArea { StaffUserId = user.Id, AreaId = mine.AreaId });
                await db.SaveChangesAsync();
            });
            var client = await StaffSignInClient.SignedInClientAsync(_app, email, "Coordinator-Pass-1");

            var csv = await client.GetByteArrayAsync("/Staff/Points/Export?handler=Csv&year=2026");
            var xlsx = await client.GetAsync("/Staff/Points/Export?handler=Xlsx&year=2026");
            var text = Encoding.UTF8.GetString(csv);

            Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
            Assert.Contains($"\"{mine.PersonId}\",\"穂坂 花子\",\"よしだ はなこ\",\"穂坂{_tag}\",\"300\",\"300\",\"1\"", text);
            Assert.DoesNotContain("竜岡 次郎", text);
            Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
            var user = await _app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email));
            Assert.Equal(2, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "export-points" && e.StaffUserId == user.Id)));
        }
        finally { Switch.Release(); }
    }

    [Fact]
    public async Task The_statement_prints_the_name_as_written_each_record_what_a_cap_cut_the_totals_and_the_issuer()
    {
        await Switch.WaitAsync();
        try
        {
            var s = await SeedAsync("𠮷田", "花子");
            await SaveRuleAsync(s, i => { i.DayCap = 150; });
            await RecordAsync(s, "2026-11-03", "09:00", 90);
            await RecordAsync(s, "2026-11-03", "13:00", 30, visits: 1);
            await RederiveAsync(s.PersonId);
            var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

            var pdf = await admin.GetByteArrayAsync($"/Staff/Points/Statement/{s.PersonId}/2026");
            var english = await admin.GetByteArrayAsync($"/Staff/Points/Statement/{s.PersonId}/2026?lang=en");
            var own = await _app.CreateClient().GetAsync($"/My/{s.Token}/Points/2026");
            var stranger = await _app.CreateClient().GetAsync("/My/not-a-token/Points/2026");

            var text = Text(pdf);
            Assert.Contains("𠮷田 花子", text);
            Assert.Contains($"見守り隊{_tag}", text);
            Assert.Contains("1日の上限 −50", text);
            Assert.Contains("150 ポイント", text);
            Assert.Contains("発行", text);
            Assert.Contains("Volunteer points statement", Text(english));
            Assert.Contains("Daily cap −50", Text(english));
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal("application/pdf", own.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
            Assert.Equal(3, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "print-point-statement" && e.PersonId == s.PersonId)));
        }
        finally { Switch.Release(); }
    }

    [Fact]
    public async Task With_points_off_no_page_shows_points_but_the_administrators_switch()
    {
        await Switch.WaitAsync();
        try
        {
            var s = await SeedAsync();
            var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
            var onPerson = await admin.GetStringAsync($"/Staff/People/{s.PersonId}");
            var onMine = await _app.CreateClient().GetStringAsync($"/My/{s.Token}");

            await EnableAsync(false);
            var person = await admin.GetStringAsync($"/Staff/People/{s.PersonId}");
            var mine = await _app.CreateClient().GetStringAsync($"/My/{s.Token}");
            var switchPage = await admin.GetStringAsync("/Staff/Admin/Points");
            var export = await admin.GetAsync("/Staff/Points/Export");
            var statement = await admin.GetAsync($"/Staff/Points/Statement/{s.PersonId}/2026");
            var own = await _app.CreateClient().GetAsync($"/My/{s.Token}/Points/2026");
            var rule = await admin.GetAsync($"/Staff/Admin/Points/Rule?kindId={s.KindId}");
            await EnableAsync(true);

            Assert.Contains("data-testid=\"points-balance\"", onPerson);
            Assert.Contains("data-testid=\"points-balance\"", onMine);
            Assert.DoesNotContain("data-testid=\"points-balance\"", person);
            Assert.DoesNotContain("data-testid=\"points-balance\"", mine);
            Assert.DoesNotContain("/Staff/Points/Export", person);
            Assert.Contains("data-testid=\"points-switch\"", switchPage);
            Assert.DoesNotContain("data-testid=\"point-rules\"", switchPage);
            Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
                new[] { export.StatusCode, statement.StatusCode, own.StatusCode, rule.StatusCode });
        }
        finally { Switch.Release(); }
    }

    [Fact]
    public async Task An_abandoned_import_taken_back_takes_the_points_of_its_peoples_records_with_it()
    {
        await Switch.WaitAsync();
        try
        {
            var s = await SeedAsync();
            await SaveRuleAsync(s, _ => { });
            var imported = await _app.WithDbAsync(async db =>
            {
                var batch = new ImportBatch { FileName = $"killed-{_tag}.csv", StartedAt = TestClock.UtcNow.AddMinutes(-10), HeartbeatAt = TestClock.UtcNow.AddMinutes(-5), Status = ImportBatchStatus.Running };
                db.ImportBatches.Add(batch);
                await db.SaveChangesAsync();
                var person = new PersonBuilder().Named("途中", "一", "とちゅう", "はじめ").InArea(s.AreaId).FromImport(batch.Id).Build();
                db.People.Add(person);
                await db.SaveChangesAsync();
                return s with { PersonId = person.Id };
            });
            var record = await RecordAsync(imported, "2026-10-01", visits: 1);
            await RederiveAsync(imported.PersonId);
            var awarded = await AwardsAsync(imported.PersonId);

            await using (var scope = _app.Scope())
                await scope.ServiceProvider.GetRequiredService<PeopleImport>().TakeBackAbandonedAsync();

            Assert.Equal([(record, 100)], awarded.Select(a => (a.RecordId, a.Points)));
            Assert.False(await _app.WithDbAsync(db => db.ActivityRecords.AnyAsync(r => r.Id == record)));
            Assert.False(await _app.WithDbAsync(db => db.PointAwards.AnyAsync(a => a.RecordId == record)));
            Assert.Equal(0, await AwardsWithoutTheirRecordAsync());
        }
        finally { Switch.Release(); }
    }

    [Fact]
    public async Task An_award_whose_record_is_gone_goes_at_the_next_derivation_of_its_helpers_year()
    {
        await Switch.WaitAsync();
        try
        {
            var s = await SeedAsync();
            await SaveRuleAsync(s, _ => { });
            var kept = await RecordAsync(s, "2026-10-01", visits: 1);
            var gone = await RecordAsync(s, "2026-10-02", visits: 2);
            await RederiveAsync(s.PersonId);
            var before = await AwardsAsync(s.PersonId);
            // Deleted behind the derivation's back (no path of the product does this without deleting the award too).
            await _app.WithDbAsync(db => db.ActivityRecords.Where(r => r.Id == gone).ExecuteDeleteAsync());
            var left = await AwardsWithoutTheirRecordAsync();

            await RederiveAsync(s.PersonId);

            Assert.Equal([(kept, 100), (gone, 200)], before.Select(a => (a.RecordId, a.Points)));
            Assert.Equal(1, left);
            Assert.Equal([(kept, 100)], (await AwardsAsync(s.PersonId)).Select(a => (a.RecordId, a.Points)));
            Assert.Equal(0, await AwardsWithoutTheirRecordAsync());
        }
        finally { Switch.Release(); }
    }

    [Fact]
    public async Task Merging_a_duplicate_moves_its_points_to_the_kept_helper_and_caps_their_records_together()
    {
        await Switch.WaitAsync();
        try
        {
            var kept = await SeedAsync();
            await SaveRuleAsync(kept, i => { i.DayCap = 150; });
            var duplicate = await _app.WithDbAsync(async db =>
            {
                var person = new PersonBuilder().Named("山田", "花子", "やまだ", "はなこ").InArea(kept.AreaId).BornIn(1950).Build();
                db.People.Add(person);
                await db.SaveChangesAsync();
                return kept with { PersonId = person.Id };
            });
            var morning = await RecordAsync(kept, "2026-11-02", "09:00", visits: 1);
            var afternoon = await RecordAsync(duplicate, "2026-11-02", "13:00", visits: 1);
            await RederiveAsync(kept.PersonId);
            await RederiveAsync(duplicate.PersonId);
            var apart = (await AwardsAsync(kept.PersonId)).Concat(await AwardsAsync(duplicate.PersonId)).Select(a => (a.RecordId, a.Points)).ToList();

            await using (var scope = _app.Scope())
                await scope.ServiceProvider.GetRequiredService<PersonMerger>().MergeAsync(kept.PersonId, duplicate.PersonId, Actor.System);

            Assert.Equal([(morning, 100), (afternoon, 100)], apart);
            Assert.Equal([(morning, 100, PointCut.None), (afternoon, 50, PointCut.Day)], (await AwardsAsync(kept.PersonId)).OrderBy(a => a.RecordId).Select(a => (a.RecordId, a.Points, a.Cut)));
            Assert.Empty(await AwardsAsync(duplicate.PersonId));
            Assert.Equal(0, await AwardsWithoutTheirRecordAsync());
        }
        finally { Switch.Release(); }
    }

    /// <summary>Awards whose record no longer exists: none, whatever deleted records (no key ties an award to its record).</summary>
    private Task<int> AwardsWithoutTheirRecordAsync() =>
        _app.WithDbAsync(db => db.PointAwards.CountAsync(a => !db.ActivityRecords.Any(r => r.Id == a.RecordId)));

    private static string Text(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => p.Text));
    }
}
