using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Courses;
using Training.Data;
using Training.Notifications;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Data;

/// <summary>The one write path: what follows a commit happens only after it, and never after a rollback.</summary>
public sealed class UnitOfWorkTests(UnitOfWorkTests.App shared) : IClassFixture<UnitOfWorkTests.App>
{
    /// <summary>
    /// One app for the class, on a frozen clock no test moves; each test reads only its own rows, and the job queue and
    /// the schedule's version as they move during the test.
    /// </summary>
    public sealed class App : SharedApp
    {
        private int _localBumps;

        public App() : base(null, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero))) =>
            App.Services.GetRequiredService<ScheduleVersion>().Changed += () => Interlocked.Increment(ref _localBumps);

        /// <inheritdoc cref="UnitOfWorkTests.ScheduleVersion"/>
        public int LocalBumps => Volatile.Read(ref _localBumps);
    }

    private readonly TrainingApp _app = shared.App;

    private static async Task<Person> SaveAsync(TrainingDbContext db, Person person)
    {
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person;
    }

    private long EnqueuedJobs() => _app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedCount("default");

    /// <summary>
    /// How many times this node moved the schedule's version on; a count of its own changes, since on PostgreSQL the
    /// version also moves when a change made elsewhere is relayed back.
    /// </summary>
    private int ScheduleVersion() => shared.LocalBumps;

    [Fact]
    public async Task A_write_that_fails_enqueues_nothing_bumps_nothing_and_saves_nothing()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, new DateTime(2026, 12, 10, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db));
        var (jobsBefore, versionBefore) = (EnqueuedJobs(), ScheduleVersion());

        await using var scope = _app.Scope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => unitOfWork.RunAsync(async ct =>
        {
            var session = await db.Sessions.FirstAsync(s => s.CourseId == course.Id, ct);
            session.Cancel("台風のため");
            await db.SaveChangesAsync(ct);
            unitOfWork.Enqueue<OutboxDispatchJob>(job => job.RunAsync(CancellationToken.None));
            throw new InvalidOperationException("something went wrong after the save");
        }));

        Assert.Equal(jobsBefore, EnqueuedJobs());
        Assert.Equal(versionBefore, ScheduleVersion());
        Assert.Equal(SessionStatus.Scheduled, await _app.WithDbAsync(other => other.Sessions.Where(s => s.CourseId == course.Id).Select(s => s.Status).SingleAsync()));
        Assert.Empty(db.ChangeTracker.Entries());
    }

    [Fact]
    public async Task A_unit_that_decides_not_to_commit_rolls_back_and_runs_nothing_after()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, new DateTime(2026, 12, 10, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db));
        var (jobsBefore, versionBefore) = (EnqueuedJobs(), ScheduleVersion());
        var ran = false;

        await using var scope = _app.Scope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        var kept = await unitOfWork.RunAsync(async ct =>
        {
            var session = await db.Sessions.FirstAsync(s => s.CourseId == course.Id, ct);
            session.Cancel("台風のため");
            await db.SaveChangesAsync(ct);
            unitOfWork.AfterCommit(() => ran = true);
            return false;
        }, keep => keep);

        Assert.False(kept);
        Assert.False(ran);
        Assert.Equal(jobsBefore, EnqueuedJobs());
        Assert.Equal(versionBefore, ScheduleVersion());
        Assert.Equal(SessionStatus.Scheduled, await _app.WithDbAsync(other => other.Sessions.Where(s => s.CourseId == course.Id).Select(s => s.Status).SingleAsync()));
    }

    [Fact]
    public async Task What_follows_a_commit_sees_the_committed_data_and_the_schedule_moves_on_once()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, new DateTime(2026, 12, 10, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db));
        var versionBefore = ScheduleVersion();
        long? versionWhileWriting = null;
        SessionStatus? seenAfterCommit = null;

        await using var scope = _app.Scope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        await unitOfWork.RunAsync(async ct =>
        {
            var session = await db.Sessions.FirstAsync(s => s.CourseId == course.Id, ct);
            session.Cancel("台風のため");
            await db.SaveChangesAsync(ct);
            versionWhileWriting = ScheduleVersion();
            // Read through another connection: only a committed change is visible there.
            unitOfWork.AfterCommit(() => seenAfterCommit = _app.WithDbAsync(other =>
                other.Sessions.Where(s => s.CourseId == course.Id).Select(s => s.Status).SingleAsync()).GetAwaiter().GetResult());
        });

        Assert.Equal(versionBefore, versionWhileWriting);
        Assert.Equal(versionBefore + 1, ScheduleVersion());
        Assert.Equal(SessionStatus.Cancelled, seenAfterCommit);
    }

    [Fact]
    public async Task Work_started_inside_a_unit_joins_it_and_rolls_back_with_it()
    {
        var person = await _app.WithDbAsync(db => SaveAsync(db, new PersonBuilder().WithEmail("hanako@example.jp").Build()));
        var jobsBefore = EnqueuedJobs();

        await using var scope = _app.Scope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        var outbox = scope.ServiceProvider.GetRequiredService<EmailOutbox>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => unitOfWork.RunAsync(async ct =>
        {
            // The outbox queues in a unit of its own when called alone; here it joins, so the message goes with the rollback.
            await outbox.QueueAsync(new EmailRequest("test:joined", "test-message", "ja", "hanako@example.jp", "",
                new TestEmail("職員", "今"), EmailCategory.Staff, person.Id), ct);
            throw new InvalidOperationException("refused later in the same unit");
        }));

        Assert.False(await _app.WithDbAsync(db => db.OutboundEmails.AnyAsync(e => e.IdempotencyKey == "test:joined")));
        Assert.Equal(jobsBefore, EnqueuedJobs());
    }

    [Fact]
    public async Task A_registration_kicks_the_dispatcher_once_it_is_committed_and_a_refused_one_does_not()
    {
        var open = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(5).SaveAsync(db));
        var closed = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(5).WithStatus(CourseStatus.Cancelled).SaveAsync(db));
        var (hanako, taro) = await _app.WithDbAsync(async db =>
            (await SaveAsync(db, new PersonBuilder().WithEmail("hanako@example.jp").Build()), await SaveAsync(db, new PersonBuilder().Named("佐藤", "太郎", "さとう", "たろう").WithEmail("taro@example.jp").Build())));
        // As on a new app, no dispatch is waiting to be asked for: whatever an earlier test of the class committed, one has taken it.
        _app.Services.GetRequiredService<OutboxKick>().Starting();
        var jobsBefore = EnqueuedJobs();

        await using (var scope = _app.Scope())
        {
            var refused = await scope.ServiceProvider.GetRequiredService<RegistrationService>().RegisterAsync(closed.Id, taro.Id, ContactChannel.Web);
            Assert.Equal(RegistrationOutcome.CourseCancelled, refused.Outcome);
        }
        Assert.Equal(jobsBefore, EnqueuedJobs());

        await using (var scope = _app.Scope())
        {
            var placed = await scope.ServiceProvider.GetRequiredService<RegistrationService>().RegisterAsync(open.Id, hanako.Id, ContactChannel.Web);
            Assert.Equal(RegistrationOutcome.Confirmed, placed.Outcome);
        }
        // The confirmation is in the outbox and a dispatch is waiting for a worker: it leaves in seconds, not at the next minute.
        Assert.Equal(jobsBefore + 1, EnqueuedJobs());
        Assert.True(await _app.WithDbAsync(db => db.OutboundEmails.AnyAsync(e => e.PersonId == hanako.Id && e.TemplateName == "registration-confirmed")));
    }

    [Fact]
    public async Task A_session_move_tells_registrants_only_once_it_is_committed()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(5).WithSessions(1, new DateTime(2026, 12, 10, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db));
        var hanako = await _app.WithDbAsync(db => SaveAsync(db, new PersonBuilder().WithEmail("hanako@example.jp").Build()));
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<RegistrationService>().RegisterAsync(course.Id, hanako.Id, ContactChannel.Phone, "staff");
        // A dispatch starts and takes the confirmation: what is committed from now on asks for another.
        _app.Services.GetRequiredService<OutboxKick>().Starting();
        var jobsBefore = EnqueuedJobs();

        async Task MoveAsync(bool failAfterwards)
        {
            await using var scope = _app.Scope();
            var unitOfWork = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
            var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
            var notifier = scope.ServiceProvider.GetRequiredService<SessionChangeNotifier>();
            await unitOfWork.RunAsync(async ct =>
            {
                var session = await db.Sessions.FirstAsync(s => s.CourseId == course.Id, ct);
                var before = (session.StartsAt, session.EndsAt, session.Venue);
                Assert.True(session.Reschedule(session.StartsAt.AddDays(1), session.EndsAt.AddDays(1), "穂坂公民館", null, null, "会場の都合", "日時を変更しました"));
                await db.SaveChangesAsync(ct);
                await notifier.NotifyAsync(session.Id, SessionChange.Moved, before, ct);
                if (failAfterwards) throw new InvalidOperationException("the move could not be finished");
            });
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => MoveAsync(failAfterwards: true));
        Assert.False(await _app.WithDbAsync(db => db.OutboundEmails.AnyAsync(e => e.TemplateName == "session-moved" && e.PersonId == hanako.Id)));
        Assert.Equal(jobsBefore, EnqueuedJobs());

        await MoveAsync(failAfterwards: false);
        Assert.Equal(1, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.TemplateName == "session-moved" && e.PersonId == hanako.Id)));
        Assert.Equal(jobsBefore + 1, EnqueuedJobs());
    }
}
