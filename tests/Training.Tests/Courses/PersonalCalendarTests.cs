using System.Diagnostics;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Courses;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Courses;

/// <summary>A resident's own calendar tells the truth: what they booked, a waiting place as tentative, a missed day as such.</summary>
/// <remarks>One app for the class on a clock frozen on 2026-12-01: each test books its own person on its own run.</remarks>
public sealed class PersonalCalendarTests(PersonalCalendarTests.App shared) : IClassFixture<PersonalCalendarTests.App>
{
    private static readonly DateTime FirstSession = new(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc); // Wed 9 Dec 10:00, then every 4 weeks

    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.App;
    private readonly FakeTimeProvider _time = shared.Time!;

    private async Task<(Person Person, int CourseId)> BookedAsync(int capacity, bool othersFirst, string given, string givenKana)
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(capacity).WithSessions(3, FirstSession).SaveAsync(db));
        var person = await _app.WithDbAsync(async db =>
        {
            if (othersFirst)
            {
                var other = new PersonBuilder().Named("青木", "花子", "あおき", "はなこ").Build();
                db.People.Add(other);
                await db.SaveChangesAsync();
                db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(other.Id).RegisteredAt(_time.GetUtcNow().UtcDateTime).Build());
            }
            var person = new PersonBuilder().Named("山﨑", given, "やまざき", givenKana).WithPhone("0551-22-3333").Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person;
        });
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<RegistrationService>().RegisterAsync(course.Id, person.Id, ContactChannel.Phone, "staff");
        return (person, course.Id);
    }

    private Task<string> IcsAsync(Person person) => _app.CreateClient().GetStringAsync($"/My/{person.AccessToken}/calendar.ics");

    [Fact]
    public async Task A_waiting_place_is_tentative_and_says_so_with_an_alarm_the_day_before_and_its_own_uids()
    {
        var (person, _) = await BookedAsync(capacity: 1, othersFirst: true, "和子", "かずこ");

        var ics = await IcsAsync(person);
        var calendar = Calendar.Load(ics)!;
        var publicFeed = Calendar.Load(await _app.CreateClient().GetStringAsync("/calendar.ics"))!;

        Assert.Equal(3, calendar.Events.Count);
        Assert.All(calendar.Events, e =>
        {
            Assert.Equal("TENTATIVE", e.Status);
            Assert.StartsWith("【キャンセル待ち】", e.Summary);
            Assert.Equal("-P1D", e.Alarms.Single().Trigger!.Duration.ToString());
        });
        Assert.Empty(calendar.Events.Select(e => e.Uid).Intersect(publicFeed.Events.Select(e => e.Uid)));
        Skip.IfNot(File.Exists("/usr/bin/python3") && Python("import icalendar") == 0 || Environment.GetEnvironmentVariable("CI") is not null,
            "Python's icalendar is not installed (apt-get install python3-icalendar)");
        var path = Path.Combine(Path.GetTempPath(), $"calendar-{Guid.NewGuid():N}.ics");
        await File.WriteAllTextAsync(path, ics);
        try
        {
            var (code, output) = PythonOutput($$"""
                import icalendar
                cal = icalendar.Calendar.from_ical(open(r'{{path}}', 'rb').read())
                for e in cal.walk('VEVENT'):
                    print(str(e['STATUS']), str(e['SUMMARY']).startswith('【キャンセル待ち】'), int(e.get('SEQUENCE', 0)))
                """);
            Assert.Equal(0, code);
            Assert.Equal(3, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("TENTATIVE True")));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task A_day_said_to_be_missed_is_marked_cancelled_and_a_moved_session_raises_its_sequence()
    {
        var (person, courseId) = await BookedAsync(capacity: 10, othersFirst: false, "春江", "はるえ");
        var sessions = await _app.WithDbAsync(db => db.Sessions.Where(s => s.CourseId == courseId).OrderBy(s => s.SequenceNumber).ToListAsync());
        var before = Calendar.Load(await IcsAsync(person))!;
        await using (var scope = _app.Scope())
            Assert.Equal(AttendanceOutcome.Saved, (await scope.ServiceProvider.GetRequiredService<AttendanceService>()
                .ExcuseAsync(sessions[0].Id, person.Id, AttendanceSource.PhoneNotice, "staff")).Outcome);
        await _app.WithDbAsync(async db =>
        {
            var second = await db.Sessions.SingleAsync(s => s.Id == sessions[1].Id);
            second.Reschedule(second.StartsAt.AddDays(1), second.EndsAt.AddDays(1), second.Venue, second.Instructor, second.Topic, "会場の都合", "日程の変更");
            await db.SaveChangesAsync();
        });

        var after = Calendar.Load(await IcsAsync(person))!;

        var missed = after.Events.Single(e => e.Uid == before.Events.Single(b => b.Start!.Value == sessions[0].StartsAt.AddHours(9)).Uid);
        Assert.Equal("CANCELLED", missed.Status);
        Assert.StartsWith("【欠席の連絡済み】", missed.Summary);
        Assert.Empty(missed.Alarms);
        var moved = after.Events.Single(e => e.Start!.Value == sessions[1].StartsAt.AddDays(1).AddHours(9));
        var was = before.Events.Single(e => e.Uid == moved.Uid);
        Assert.True(moved.Sequence > was.Sequence);
        Assert.Equal("CONFIRMED", after.Events.Single(e => e.Start!.Value == sessions[2].StartsAt.AddHours(9)).Status);
    }

    private static int Python(string code) => PythonOutput(code).Code;

    private static (int Code, string Output) PythonOutput(string code)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start)!;
        process.StandardInput.Write(code);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
