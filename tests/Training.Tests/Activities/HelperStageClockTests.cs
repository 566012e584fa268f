using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Activities;
using Training.Qualifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>
/// A helper's stage follows the clock: active while their last counted record is within <c>Activities:ActiveMonths</c>
/// (3 here), lapsed the day after. An app of its own, whose fake clock this class alone moves.
/// </summary>
public sealed class HelperStageClockTests(HelperStageClockTests.MovingClockApp shared) : IClassFixture<HelperStageClockTests.MovingClockApp>
{
    public sealed class MovingClockApp() : SharedApp(new() { ["Activities:ActiveMonths"] = "3" },
        new FakeTimeProvider(new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.FromHours(9))));

    private readonly TrainingApp _app = shared.App;

    private async Task<HelperStage> StageAsync(int personId)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<HelperStages>().StageOfAsync(personId);
    }

    [Fact]
    public async Task A_trained_helper_is_active_after_a_record_and_lapsed_once_the_months_have_passed_on_the_clock()
    {
        var time = _app.Time!;
        var (personId, activityId) = await _app.WithDbAsync(async db =>
        {
            var person = new PersonBuilder().Named("時計", "進む", "とけい", "すすむ").Build();
            db.People.Add(person);
            var type = QualificationType.Create("時計の資格");
            db.Qualifications.Add(new Qualification { Person = person, QualificationType = type, GrantedAt = time.GetUtcNow().UtcDateTime.AddYears(-1) });
            var activity = LocalActivity.Create(new ActivityInput { Name = "時計サロン", NameKana = "とけいさろん", KindId = await db.ActivityKinds.Select(k => k.Id).FirstAsync(),
                Schedule = "毎月", ContactName = "山田", ContactPhone = "0551-22-1111" });
            db.LocalActivities.Add(activity);
            await db.SaveChangesAsync();
            return (person.Id, activity.Id);
        });
        var trained = await StageAsync(personId);
        await _app.WithDbAsync(async db =>
        {
            // 2027-01-05 10:00–11:00 Tokyo, confirmed as a coordinator typed it.
            var input = new RecordInput { Date = new DateOnly(2027, 1, 5), StartTime = new TimeOnly(10, 0), Minutes = 60 };
            db.ActivityRecords.Add(ActivityRecord.Create(personId, activityId, input, new DateTime(2027, 1, 5, 1, 0, 0, DateTimeKind.Utc), RecordSource.Staff, "seed",
                time.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        });
        var active = await StageAsync(personId);

        time.SetUtcNow(new DateTimeOffset(2027, 4, 4, 23, 30, 0, TimeSpan.FromHours(9)));
        var lastActiveDay = await StageAsync(personId);
        time.SetUtcNow(new DateTimeOffset(2027, 4, 5, 0, 30, 0, TimeSpan.FromHours(9)));
        var lapsed = await StageAsync(personId);

        Assert.Equal((HelperStage.Trained, HelperStage.Active, HelperStage.Active, HelperStage.Lapsed), (trained, active, lastActiveDay, lapsed));
    }
}
