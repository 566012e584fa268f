using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Certificates;
using Training.Courses;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Attendance;

/// <summary>
/// One app for the class, on a clock no test moves; each test works on a course and people of its own and asserts
/// only on their rows.
/// </summary>
public sealed class AttendanceServiceTests(AttendanceServiceTests.App shared) : IClassFixture<AttendanceServiceTests.App>
{
    // After every session of the default course (monthly from 2026-12-09) has been held.
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2027, 6, 1, 3, 0, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.App;

    private async Task<(Course Course, List<int> Sessions, Person Person, int RegistrationId)> CourseWithParticipantAsync(
        int sessions = 3, Action<TrainingProgram>? program = null)
    {
        return await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(sessions, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db);
            var p = await db.Programs.SingleAsync(x => x.Id == course.ProgramId);
            p.Edit(p.Details() with { CompletionRule = CompletionRuleKind.AllSessions });
            program?.Invoke(p);
            var person = new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            var registration = new RegistrationBuilder().For(course.Id).Of(person.Id).Build();
            db.Registrations.Add(registration);
            await db.SaveChangesAsync();
            var ids = await db.Sessions.Where(s => s.CourseId == course.Id).OrderBy(s => s.SequenceNumber).Select(s => s.Id).ToListAsync();
            return (course, ids, person, registration.Id);
        });
    }

    private async Task<AttendanceResult> MarkAsync(int sessionId, int personId, AttendanceStatus status, int? seenVersion = null)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<AttendanceService>()
            .RecordAsync(sessionId, personId, status, seenVersion, "staff", AttendanceSource.Tablet);
    }

    [Fact]
    public async Task Attending_every_session_completes_the_course_once()
    {
        var (course, sessions, person, registrationId) = await CourseWithParticipantAsync();

        var first = await MarkAsync(sessions[0], person.Id, AttendanceStatus.Present);
        var second = await MarkAsync(sessions[1], person.Id, AttendanceStatus.Late);
        var last = await MarkAsync(sessions[2], person.Id, AttendanceStatus.Present);
        var again = await MarkAsync(sessions[2], person.Id, AttendanceStatus.Present);

        Assert.Equal(CompletionChange.None, first.Completion);
        Assert.Equal(CompletionChange.None, second.Completion);
        Assert.Equal(CompletionChange.Completed, last.Completion);
        Assert.Equal(AttendanceOutcome.Unchanged, again.Outcome);
        var completion = await _app.WithDbAsync(db => db.Completions.SingleAsync(c => c.CourseId == course.Id || c.PersonId == person.Id));
        Assert.Equal(registrationId, completion.RegistrationId);
        Assert.Equal(CompletionStatus.Completed, completion.Status);
    }

    [Fact]
    public async Task A_completion_is_created_once_when_attendance_is_saved_concurrently()
    {
        var (course, sessions, person, _) = await CourseWithParticipantAsync();
        await MarkAsync(sessions[0], person.Id, AttendanceStatus.Present);
        await MarkAsync(sessions[1], person.Id, AttendanceStatus.Present);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await MarkAsync(sessions[2], person.Id, i % 2 == 0 ? AttendanceStatus.Present : AttendanceStatus.Late);
            await using var scope = _app.Scope();
            await scope.ServiceProvider.GetRequiredService<CompletionService>().SweepAsync(TimeSpan.FromDays(400));
        })));

        Assert.Equal(1, await _app.WithDbAsync(db => db.Completions.CountAsync(c => c.CourseId == course.Id || c.PersonId == person.Id)));
        Assert.Equal(3, await _app.WithDbAsync(db => db.Attendance.CountAsync(a => sessions.Contains(a.SessionId) || a.PersonId == person.Id)));
    }

    [Fact]
    public async Task A_tap_on_an_out_of_date_screen_does_not_overwrite_another_coordinators_mark()
    {
        var (_, sessions, person, _) = await CourseWithParticipantAsync();
        // Both coordinators see no mark (version 0). B taps "late" first.
        var b = await MarkAsync(sessions[0], person.Id, AttendanceStatus.Late, seenVersion: 0);

        var a = await MarkAsync(sessions[0], person.Id, AttendanceStatus.Present, seenVersion: 0);
        var aAgain = await MarkAsync(sessions[0], person.Id, AttendanceStatus.Present, seenVersion: b.Record!.Version);

        Assert.Equal(AttendanceOutcome.ChangedByOther, a.Outcome);
        Assert.Equal(AttendanceStatus.Late, a.Record!.Status);
        Assert.Equal(AttendanceOutcome.Saved, aAgain.Outcome);
        Assert.Equal(AttendanceStatus.Present, (await _app.WithDbAsync(db => db.Attendance.SingleAsync(a => sessions.Contains(a.SessionId) || a.PersonId == person.Id))).Status);
    }

    [Fact]
    public async Task Attendance_is_refused_for_someone_not_registered_and_for_a_session_not_yet_held()
    {
        var (course, sessions, _, _) = await CourseWithParticipantAsync();
        var stranger = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().Named("髙橋", "茂", "たかはし", "しげる").Build();
            db.People.Add(p);
            var future = (await db.Courses.Include(c => c.Sessions).SingleAsync(c => c.Id == course.Id))
                .PlanSession(new DateTime(2027, 7, 1, 1, 0, 0, DateTimeKind.Utc), new DateTime(2027, 7, 1, 3, 0, 0, DateTimeKind.Utc));
            await db.SaveChangesAsync();
            sessions.Add(future.Id);
            return p;
        });
        var registered = await _app.WithDbAsync(db => db.Registrations.Where(r => r.CourseId == course.Id).Select(r => r.PersonId).SingleAsync());

        Assert.Equal(AttendanceOutcome.NotRegistered, (await MarkAsync(sessions[0], stranger.Id, AttendanceStatus.Present)).Outcome);
        Assert.Equal(AttendanceOutcome.FutureSession, (await MarkAsync(sessions[3], registered, AttendanceStatus.Present)).Outcome);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Attendance.CountAsync(a => sessions.Contains(a.SessionId) || a.PersonId == stranger.Id || a.PersonId == registered)));
    }

    [Fact]
    public async Task Changing_attendance_withdraws_a_completion_without_a_certificate_and_flags_one_with_a_certificate()
    {
        var (course, sessions, person, registrationId) = await CourseWithParticipantAsync();
        foreach (var s in sessions) await MarkAsync(s, person.Id, AttendanceStatus.Present);

        var withdrawn = await MarkAsync(sessions[1], person.Id, AttendanceStatus.Absent);
        Assert.Equal(CompletionChange.Withdrawn, withdrawn.Completion);
        var reinstated = await MarkAsync(sessions[1], person.Id, AttendanceStatus.Present);
        Assert.Equal(CompletionChange.Reinstated, reinstated.Completion);

        await _app.WithDbAsync(async db =>
        {
            var completion = await db.Completions.SingleAsync(c => c.CourseId == course.Id || c.PersonId == person.Id);
            var run = await db.Registrations.Where(r => r.Id == registrationId).Select(r => r.Course!).SingleAsync();
            db.Certificates.Add(Certificate.Issue(completion.Id, person.Id, run.ProgramId, new CertificateSerial(2026, 1, "令和8年度 第1号"), "ABCDEFGH", "山﨑 和子",
                (null, null), new StoredPdf("x.pdf", new string('0', 64)), issuedAt: default));
            await db.SaveChangesAsync();
        });
        var flagged = await MarkAsync(sessions[1], person.Id, AttendanceStatus.Absent);

        Assert.Equal(CompletionChange.FlaggedForReview, flagged.Completion);
        var stored = await _app.WithDbAsync(db => db.Completions.SingleAsync(c => c.CourseId == course.Id || c.PersonId == person.Id));
        Assert.Equal(CompletionStatus.NeedsReview, stored.Status);
        Assert.Contains("確認してください", stored.StatusReason);
    }

    [Fact]
    public async Task A_missed_session_made_up_at_another_run_completes_the_course()
    {
        var (course, sessions, person, registrationId) = await CourseWithParticipantAsync(program: p => p.Edit(p.Details() with { MakeUpAllowed = true, MakeUpDeadlineDays = 120 }));
        var otherRunSession2 = await _app.WithDbAsync(async db =>
        {
            // Its second session (第2回) on 2/3; the first, on 1/6, is not attended.
            var other = await new CourseBuilder().Of(course.ProgramId, course.OrganisationId).Titled("令和8年度 第2期").AtVenue("穂坂地区公民館")
                .WithSessions(2, new DateTime(2027, 1, 6, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db);
            return other.Sessions[1].Id;
        });
        await MarkAsync(sessions[0], person.Id, AttendanceStatus.Present);
        await MarkAsync(sessions[1], person.Id, AttendanceStatus.Absent);
        await MarkAsync(sessions[2], person.Id, AttendanceStatus.Present);

        var makeUp = await MarkAsync(otherRunSession2, person.Id, AttendanceStatus.Present);

        Assert.Equal(AttendanceOutcome.Saved, makeUp.Outcome);
        Assert.True(makeUp.Record!.IsMakeUp);
        Assert.Equal(registrationId, makeUp.Record.RegistrationId);
        Assert.Equal(CompletionChange.Completed, makeUp.Completion);
    }

    [Fact]
    public async Task The_nightly_sweep_records_a_completion_a_lost_evaluation_missed()
    {
        var (course, sessions, person, registrationId) = await CourseWithParticipantAsync();
        await _app.WithDbAsync(async db =>
        {
            foreach (var s in sessions)
                db.Attendance.Add(new AttendanceRecord { SessionId = s, PersonId = person.Id, RegistrationId = registrationId, Status = AttendanceStatus.Present, Version = 1 });
            await db.SaveChangesAsync();
        });

        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<CompletionSweepJob>().RunAsync(CancellationToken.None);
        var secondSweepChanges = await scope.ServiceProvider.GetRequiredService<CompletionService>().SweepAsync(TimeSpan.FromDays(400));

        Assert.Equal(registrationId, (await _app.WithDbAsync(db => db.Completions.SingleAsync(c => c.CourseId == course.Id || c.PersonId == person.Id))).RegistrationId);
        Assert.Equal(0, secondSweepChanges);
    }

    [Fact]
    public async Task The_sign_in_sheet_lists_registrants_in_furigana_order()
    {
        var (course, sessions, _, _) = await CourseWithParticipantAsync();
        await _app.WithDbAsync(async db =>
        {
            foreach (var (family, kana) in new[] { ("渡邉", "わたなべ"), ("浅川", "アサカワ"), ("髙橋", "たかはし") })
            {
                var p = new PersonBuilder().Named(family, "一", kana, "はじめ").Build();
                db.People.Add(p);
                await db.SaveChangesAsync();
                db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(p.Id).Build());
            }
            await db.SaveChangesAsync();
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var response = await client.GetAsync($"/Staff/Sessions/{sessions[0]}/SignInSheet");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Concat(pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.Value));
        Assert.Contains("出席簿", text);
        var order = new[] { "浅川", "髙橋", "山﨑", "渡邉" }.Select(n => text.IndexOf(n, StringComparison.Ordinal)).ToArray();
        Assert.All(order, i => Assert.True(i >= 0));
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public async Task The_tablet_roster_and_the_printed_sign_in_sheet_list_people_alike_by_family_name_first()
    {
        var (course, sessions, _, _) = await CourseWithParticipantAsync();
        // Given names chosen so that joined furigana would order them the other way round.
        var people = new[] { ("森田", "あきこ", "もりた"), ("森", "ゆかり", "もり"), ("小野田", "あい", "おのだ"), ("小野", "わかば", "おの"), ("中込", "あおい", "なかごみ"), ("中", "ゆう", "なか") };
        await _app.WithDbAsync(async db =>
        {
            foreach (var (family, given, kana) in people)
            {
                var p = new PersonBuilder().Named(family, given, kana, given).Build();
                db.People.Add(p);
                await db.SaveChangesAsync();
                db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(p.Id).Build());
            }
            await db.SaveChangesAsync();
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var expected = new[] { "小野 わかば", "小野田 あい", "中 ゆう", "中込 あおい", "森 ゆかり", "森田 あきこ" };

        var roster = WebUtility.HtmlDecode(await client.GetStringAsync($"/Staff/Sessions/{sessions[0]}/Roster"));
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await client.GetByteArrayAsync($"/Staff/Sessions/{sessions[0]}/SignInSheet"));
        var sheet = string.Concat(pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.Value)).Replace(" ", "");

        Assert.Equal(expected, expected.OrderBy(n => roster.IndexOf(n, StringComparison.Ordinal)));
        Assert.All(expected, n => Assert.True(roster.IndexOf(n, StringComparison.Ordinal) >= 0, $"{n} not on the roster"));
        var printed = expected.Select(n => n.Replace(" ", "")).ToList();
        Assert.All(printed, n => Assert.True(sheet.IndexOf(n, StringComparison.Ordinal) >= 0, $"{n} not on the sheet"));
        Assert.Equal(printed, printed.OrderBy(n => sheet.IndexOf(n, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_attendance_grid_shows_people_by_furigana_with_each_sessions_mark_and_completion()
    {
        var (course, sessions, person, _) = await CourseWithParticipantAsync();
        foreach (var s in sessions) await MarkAsync(s, person.Id, AttendanceStatus.Present);
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var response = await client.GetAsync($"/Staff/Courses/{course.Id}/AttendanceGrid");

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var page = pdf.GetPage(1);
        Assert.True(page.Width > page.Height, "landscape");
        var text = string.Concat(page.Letters.Select(l => l.Value));
        Assert.Contains("山﨑和子", text.Replace(" ", ""));
        Assert.Contains("第3回", text);
        Assert.Equal(3, text.Count(c => c == '○') - 1); // three marks, plus the legend's ○
        Assert.Contains("修了", text);
    }

    [Fact]
    public async Task A_coordinator_records_attendance_on_the_roster_page_and_adds_a_walk_in()
    {
        var (_, sessions, person, _) = await CourseWithParticipantAsync();
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var tap = await Forms.PostAsync(client, $"/Staff/Sessions/{sessions[0]}/Roster", new Dictionary<string, string>
        {
            [$"mark[{person.Id}]"] = "Present", [$"seen[{person.Id}]"] = "0", [$"memo[{person.Id}]"] = "杖あり", [$"shown[{person.Id}]"] = "",
        }, $"/Staff/Sessions/{sessions[0]}/Roster?handler=Mark");
        var walkIn = await Forms.PostAsync(client, $"/Staff/Sessions/{sessions[0]}/Roster", new Dictionary<string, string>
        {
            ["WalkIn.FamilyName"] = "𠮷田", ["WalkIn.GivenName"] = "春江", ["WalkIn.FamilyNameKana"] = "よしだ", ["WalkIn.GivenNameKana"] = "はるえ",
        }, $"/Staff/Sessions/{sessions[0]}/Roster?handler=WalkIn");

        Assert.Equal(HttpStatusCode.Redirect, tap.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, walkIn.StatusCode);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/Staff/Sessions/{sessions[0]}/Roster"));
        Assert.Contains("𠮷田 春江さんを当日参加として登録し、出席にしました。", page);
        var records = await _app.WithDbAsync(db => db.Attendance.Include(a => a.Registration).Where(a => sessions.Contains(a.SessionId) || a.PersonId == person.Id).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(2, records.Count);
        Assert.Equal("杖あり", records[0].Note);
        Assert.Equal(ContactChannel.WalkIn, records[1].Registration!.Channel);
    }
}
