using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Courses;
using Training.Notifications;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Registrations;

/// <summary>
/// Registering, waiting and cancelling through the service. One app for the class: each test registers its own people
/// on a course of its own and asserts on those rows only.
/// </summary>
public sealed class RegistrationServiceTests(RegistrationServiceTests.App shared) : IClassFixture<RegistrationServiceTests.App>
{
    /// <summary>The class's app, on a frozen clock (26 November 2026) that no test moves.</summary>
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero)));

    private readonly FakeTimeProvider _time = shared.Time!;
    private readonly TrainingApp _app = shared.App;

    [Fact]
    public async Task A_hundred_concurrent_registrations_for_twenty_seats_confirm_twenty_and_queue_eighty_in_order()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(20).SaveAsync(db));
        var people = await AddPeopleAsync(100);

        var results = await Task.WhenAll(people.Select(p => Task.Run(() => RegisterAsync(course.Id, p.Id))));

        Assert.Equal(20, results.Count(r => r.Outcome == RegistrationOutcome.Confirmed));
        Assert.Equal(80, results.Count(r => r.Outcome == RegistrationOutcome.Waitlisted));
        var stored = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().Where(r => r.CourseId == course.Id).ToListAsync());
        Assert.Equal(100, stored.Count);
        Assert.Equal(100, stored.Select(r => r.PersonId).Distinct().Count());
        Assert.Equal(20, stored.Count(r => r.Status == RegistrationStatus.Confirmed));
        Assert.Equal(Enumerable.Range(1, 80), stored.Where(r => r.Status == RegistrationStatus.Waitlisted).Select(r => r.WaitlistPosition!.Value).Order());
    }

    [Fact]
    public async Task Registering_the_same_person_twice_at_once_creates_one_registration()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var person = (await AddPeopleAsync(1))[0];

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => RegisterAsync(course.Id, person.Id))));

        Assert.Single(results, r => r.Outcome == RegistrationOutcome.Confirmed);
        Assert.Equal(4, results.Count(r => r.Outcome == RegistrationOutcome.AlreadyRegistered));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Registrations.CountAsync(r => r.CourseId == course.Id)));
        Assert.Equal(1, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.PersonId == person.Id)));
    }

    [Fact]
    public async Task A_cancellation_promotes_the_first_person_waiting_once_and_closes_the_gap()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(2).SaveAsync(db));
        var people = await AddPeopleAsync(5);
        var registrations = new List<RegistrationResult>();
        foreach (var p in people) registrations.Add(await RegisterAsync(course.Id, p.Id));

        var first = await CancelAsync(registrations[0].Registration!.Id);
        var again = await CancelAsync(registrations[0].Registration!.Id);

        Assert.Equal(CancellationOutcome.Cancelled, first);
        Assert.Equal(CancellationOutcome.AlreadyCancelled, again);
        var stored = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().Where(r => r.CourseId == course.Id).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(RegistrationStatus.Cancelled, stored[0].Status);
        Assert.Equal(RegistrationStatus.Confirmed, stored[1].Status);
        Assert.Equal(RegistrationStatus.Confirmed, stored[2].Status);
        Assert.NotNull(stored[2].PromotedAt);
        Assert.Equal([1, 2], await PlacesAsync(stored.Skip(3)));
        var ours = people.Select(p => (int?)p.Id).ToList();
        var promotedEmails = await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.TemplateName == "registration-promoted" && ours.Contains(e.PersonId)));
        Assert.Equal(1, promotedEmails);
    }

    [Fact]
    public async Task Leaving_the_waiting_list_moves_the_people_behind_up()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(1).SaveAsync(db));
        var people = await AddPeopleAsync(4);
        var registrations = new List<RegistrationResult>();
        foreach (var p in people) registrations.Add(await RegisterAsync(course.Id, p.Id));

        await CancelAsync(registrations[2].Registration!.Id);

        var stored = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().Where(r => r.CourseId == course.Id).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(RegistrationStatus.Confirmed, stored[0].Status);
        Assert.Equal(RegistrationStatus.Cancelled, stored[2].Status);
        Assert.Equal([1, 2], await PlacesAsync([stored[1], stored[3]]));
    }

    [Fact]
    public async Task Cancellations_from_a_long_waiting_list_promote_in_order_and_leave_places_one_to_N_without_renumbering()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(3).SaveAsync(db));
        var people = await AddPeopleAsync(60);
        var registrations = new List<int>();
        foreach (var p in people) registrations.Add((await RegisterAsync(course.Id, p.Id)).Registration!.Id);
        var queueBefore = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().Where(r => r.CourseId == course.Id && r.WaitlistPosition != null)
            .ToDictionaryAsync(r => r.Id, r => r.WaitlistPosition!.Value));

        // Two of the confirmed and every fifth person waiting cancel.
        var leaving = new[] { registrations[0], registrations[1] }.Concat(registrations.Skip(3).Where((_, i) => i % 5 == 2)).ToList();
        foreach (var id in leaving) await CancelAsync(id);

        var stored = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().Where(r => r.CourseId == course.Id).ToDictionaryAsync(r => r.Id));
        // The first two in the queue got the seats, in order.
        Assert.Equal(RegistrationStatus.Confirmed, stored[registrations[3]].Status);
        Assert.Equal(RegistrationStatus.Confirmed, stored[registrations[4]].Status);
        Assert.Equal(3, stored.Values.Count(r => r.Status == RegistrationStatus.Confirmed));
        // Everyone still waiting keeps their queue number and is told 1, 2, 3 … in the order they joined.
        var waiting = registrations.Where(id => stored[id].Status == RegistrationStatus.Waitlisted).ToList();
        Assert.All(waiting, id => Assert.Equal(queueBefore[id], stored[id].WaitlistPosition));
        Assert.Equal(Enumerable.Range(1, waiting.Count), await PlacesAsync(waiting.Select(id => stored[id])));
    }

    /// <summary>The places people are told, in the order given.</summary>
    private async Task<List<int>> PlacesAsync(IEnumerable<Registration> registrations)
    {
        var list = registrations.ToList();
        var places = await _app.WithDbAsync(db => Registration.WaitlistPlaces(db.Registrations, list.Select(r => r.Id)));
        return list.Select(r => places[r.Id]).ToList();
    }

    [Fact]
    public async Task A_person_without_email_who_is_promoted_goes_on_the_call_list()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(1).SaveAsync(db));
        var withEmail = (await AddPeopleAsync(1))[0];
        var withoutEmail = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().Named("𠮷田", "春江", "よしだ", "はるえ").WithEmail(null).Build();
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        var first = await RegisterAsync(course.Id, withEmail.Id);
        await RegisterAsync(course.Id, withoutEmail.Id);

        await CancelAsync(first.Registration!.Id);

        var call = await _app.WithDbAsync(db => db.CallList.AsNoTracking().SingleAsync(c => c.PersonId == withEmail.Id || c.PersonId == withoutEmail.Id));
        Assert.Equal(withoutEmail.Id, call.PersonId);
        Assert.Equal(new DateOnly(2026, 11, 26), call.DueOn);
        Assert.Contains("キャンセル待ちから参加が決まりました", call.Message);
        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.PersonId == withoutEmail.Id)));
    }

    [Fact]
    public async Task The_confirmation_email_is_in_the_persons_language_with_dates_and_their_private_link()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var person = (await AddPeopleAsync(1))[0];

        await RegisterAsync(course.Id, person.Id);

        await _app.OutboxPreparedAsync();
        var email = await _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().SingleAsync(e => e.PersonId == person.Id));
        Assert.Equal("【韮崎市】お申し込みを受け付けました：生活支援サポーター養成講座", email.Subject);
        Assert.Contains("第1回　2026年12月9日（水）　10:00〜12:00", email.TextBody);
        Assert.Contains($"/My/{person.AccessToken}", email.TextBody);
        Assert.Equal(EmailCategory.Essential, email.Category);
    }

    [Fact]
    public async Task The_confirmation_email_lists_only_sessions_still_to_come()
    {
        // Monthly from 2026-10-14: the October and November sessions are past on 2026-11-26.
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(4, new DateTime(2026, 10, 14, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db));
        var person = (await AddPeopleAsync(1))[0];

        await RegisterAsync(course.Id, person.Id);

        await _app.OutboxPreparedAsync();
        var email = await _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().SingleAsync(e => e.PersonId == person.Id));
        Assert.DoesNotContain("第1回", email.TextBody);
        Assert.DoesNotContain("第2回", email.TextBody);
        Assert.Contains("第3回　2026年12月9日（水）", email.TextBody);
        Assert.Contains("第4回　2027年1月6日（水）", email.TextBody);
    }

    [Theory]
    [InlineData("before-window", RegistrationOutcome.NotOpenYet)]
    [InlineData("after-window", RegistrationOutcome.Closed)]
    [InlineData("cancelled", RegistrationOutcome.CourseCancelled)]
    public async Task Residents_cannot_register_outside_the_window_or_for_a_cancelled_course(string situation, RegistrationOutcome expected)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var builder = situation switch
        {
            "before-window" => new CourseBuilder().WithRegistrationWindow(now.AddDays(1), null),
            "after-window" => new CourseBuilder().WithRegistrationWindow(null, now.AddDays(-1)),
            _ => new CourseBuilder().WithStatus(CourseStatus.Cancelled),
        };
        var course = await _app.WithDbAsync(db => builder.SaveAsync(db));
        var person = (await AddPeopleAsync(1))[0];

        var result = await RegisterAsync(course.Id, person.Id);

        Assert.Equal(expected, result.Outcome);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Registrations.CountAsync(r => r.CourseId == course.Id)));
    }

    [Fact]
    public async Task Staff_can_still_enter_a_phone_registration_after_the_web_window_closed()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithRegistrationWindow(null, now.AddDays(-1)).SaveAsync(db));
        var person = (await AddPeopleAsync(1))[0];

        await using var scope = _app.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<RegistrationService>()
            .RegisterAsync(course.Id, person.Id, ContactChannel.Phone, staffId: "staff-1");

        Assert.Equal(RegistrationOutcome.Confirmed, result.Outcome);
        Assert.Equal(ContactChannel.Phone, result.Registration!.Channel);
    }

    [Fact]
    public async Task A_person_signing_up_again_with_the_same_name_and_phone_is_the_same_person()
    {
        var details = new PersonDetails("髙橋", "茂", "ﾀｶﾊｼ", "ｼｹﾞﾙ", null, "０５５１－２３－１２３４", null, 1944);

        var first = await FindOrCreateAsync(details);
        var second = await FindOrCreateAsync(details with { FamilyNameKana = "たかはし", GivenNameKana = "しげる", Phone = "0551231234" });
        var someoneElse = await FindOrCreateAsync(details with { Phone = "090-0000-0000" });

        Assert.Equal(first.Id, second.Id);
        Assert.NotEqual(first.Id, someoneElse.Id);
        Assert.Equal("髙橋", first.FamilyName);
        Assert.Equal("たかはし", first.FamilyNameKana);
        Assert.Equal("0551-23-1234", first.Phone);
        await using var scope = _app.Scope();
        var duplicates = await scope.ServiceProvider.GetRequiredService<PeopleDirectory>().PossibleDuplicatesAsync(first.Id, []);
        Assert.Equal([someoneElse.Id], duplicates.Select(p => p.Id));
    }

    private async Task<Person> FindOrCreateAsync(PersonDetails details)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<PeopleDirectory>().FindOrCreateAsync(details, ContactChannel.Web, null);
    }

    private async Task<List<Person>> AddPeopleAsync(int count) => await _app.WithDbAsync(async db =>
    {
        var people = Enumerable.Range(1, count)
            .Select(i => new PersonBuilder().Named("山田", $"{i}", "やまだ", $"{i}").WithEmail($"person{i}@example.jp").Build())
            .ToList();
        db.People.AddRange(people);
        await db.SaveChangesAsync();
        return people;
    });

    private async Task<RegistrationResult> RegisterAsync(int courseId, int personId)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<RegistrationService>().RegisterAsync(courseId, personId, ContactChannel.Web);
    }

    private async Task<CancellationOutcome> CancelAsync(int registrationId)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<RegistrationService>().CancelAsync(registrationId, "都合が悪くなった");
    }
}
