using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Activities;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>
/// Matching's derived row per person (Activities/MatchingCandidate, MatchingReach): every change to what it copies
/// updates it in the same save, and deriving everyone again gives the same rows.
/// </summary>
public sealed class MatchingCandidateTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    private Task<MatchingCandidate> RowAsync(int personId) =>
        _app.WithDbAsync(db => db.MatchingCandidates.AsNoTracking().SingleAsync(c => c.PersonId == personId));

    private Task<List<int>> ReachAsync(int personId) =>
        _app.WithDbAsync(db => db.MatchingReach.Where(r => r.PersonId == personId).Select(r => r.AreaId).OrderBy(a => a).ToListAsync());

    private Task RecordAsync(int personId, int activityId) => RecordAsync(_app, personId, activityId);

    private static Task RecordAsync(TrainingApp app, int personId, int activityId) => app.WithDbAsync(async db =>
    {
        db.ActivityRecords.Add(ActivityRecord.Create(personId, activityId, new RecordInput { Date = DateOnly.FromDateTime(MatchingSeed.Now.AddDays(-3)), StartTime = new TimeOnly(1, 0), Minutes = 60, Visits = 1 },
            MatchingSeed.Now.AddDays(-3), RecordSource.Staff, "staff", MatchingSeed.Now));
        await db.SaveChangesAsync();
    });

    [Fact]
    public async Task A_new_person_has_a_row_and_agreeing_then_withdrawing_the_suggestion_consent_turns_it_on_and_off()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var person = await seed.HelperAsync("花子", "はなこ", consent: null);
        var never = await RowAsync(person);

        await _app.WithDbAsync(async db =>
        {
            (await db.People.SingleAsync(p => p.Id == person)).RecordConsent(ConsentPurpose.ActivitySuggestions, true, PersonContacts.SuggestionConsentWording, MatchingSeed.Now, ContactChannel.Phone, null);
            await db.SaveChangesAsync();
        });
        var agreed = await RowAsync(person);
        await _app.WithDbAsync(async db =>
        {
            (await db.People.SingleAsync(p => p.Id == person)).RecordConsent(ConsentPurpose.ActivitySuggestions, false, PersonContacts.SuggestionConsentWording, MatchingSeed.Now.AddMinutes(1), ContactChannel.Web, null);
            await db.SaveChangesAsync();
        });

        Assert.False(never.SuggestionsAgreed);
        Assert.Equal(seed.Mine, never.AreaId);
        Assert.True(agreed.SuggestionsAgreed);
        Assert.False((await RowAsync(person)).SuggestionsAgreed);
    }

    [Fact]
    public async Task Moving_a_person_to_another_district_and_anonymising_them_update_their_row()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var person = await seed.HelperAsync("次郎", "じろう");

        await _app.WithDbAsync(async db =>
        {
            var moving = await db.People.SingleAsync(p => p.Id == person);
            moving.Correct(moving.Details with { AreaId = seed.Theirs }, null, null);
            await db.SaveChangesAsync();
        });
        var moved = await RowAsync(person);
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<PersonalData>().AnonymiseAsync(person, Actor.System, "本人の申し出");

        Assert.Equal((seed.Theirs, false, true), (moved.AreaId, moved.Anonymised, moved.SuggestionsAgreed));
        Assert.True((await RowAsync(person)).Anonymised);
    }

    [Fact]
    public async Task A_record_at_an_activity_puts_its_district_in_reach_and_moving_the_activity_moves_the_reach()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var person = await seed.HelperAsync("三郎", "さぶろう", areaId: seed.Theirs);
        var before = await ReachAsync(person);

        await RecordAsync(person, seed.ActivityId);
        var recorded = await ReachAsync(person);
        await _app.WithDbAsync(async db =>
        {
            var activity = await db.LocalActivities.SingleAsync(a => a.Id == seed.ActivityId);
            var input = ActivityInput.From(activity);
            input.AreaId = seed.Theirs;
            activity.Correct(input);
            await db.SaveChangesAsync();
        });

        Assert.Empty(before);
        Assert.Equal([seed.Mine], recorded);
        Assert.Equal([seed.Theirs], await ReachAsync(person));
    }

    [Fact]
    public async Task Merging_gives_the_kept_person_the_duplicates_consent_and_reach_and_removes_the_duplicates_row()
    {
        var seed = await new MatchingSeed(_app, _tag).CreateAsync();
        var kept = await seed.HelperAsync("四郎", "しろう", areaId: seed.Theirs, consent: null);
        var duplicate = await seed.HelperAsync("四郎", "しろう", areaId: seed.Theirs);
        await RecordAsync(duplicate, seed.ActivityId);

        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<PersonMerger>().MergeAsync(kept, duplicate, Actor.System);

        Assert.True((await RowAsync(kept)).SuggestionsAgreed);
        Assert.Equal([seed.Mine], await ReachAsync(kept));
        Assert.False(await _app.WithDbAsync(db => db.MatchingCandidates.AnyAsync(c => c.PersonId == duplicate)));
    }

    [Fact]
    public async Task Deriving_everyone_again_gives_the_same_rows_as_the_saves_that_kept_them()
    {
        // A database of its own: a rebuild of all rewrites every row, which other tests' people must not see happen.
        using var app = new TrainingApp();
        var seed = await new MatchingSeed(app, _tag).CreateAsync();
        var agreed = await seed.HelperAsync("一郎", "いちろう");
        await seed.HelperAsync("二郎", "じろう", consent: false, areaId: seed.Theirs);
        await seed.HelperAsync("三郎", "さぶろう", consent: null);
        await RecordAsync(app, agreed, seed.ActivityId);
        Task<(List<(int, int?, bool, bool)> Rows, List<(int, int)> Reach)> SnapshotAsync() => app.WithDbAsync(async db => (
            (await db.MatchingCandidates.OrderBy(c => c.PersonId).Select(c => new { c.PersonId, c.AreaId, c.SuggestionsAgreed, c.Anonymised }).ToListAsync())
                .Select(c => (c.PersonId, c.AreaId, c.SuggestionsAgreed, c.Anonymised)).ToList(),
            (await db.MatchingReach.OrderBy(r => r.PersonId).ThenBy(r => r.AreaId).Select(r => new { r.PersonId, r.AreaId }).ToListAsync())
                .Select(r => (r.PersonId, r.AreaId)).ToList()));
        var incremental = await SnapshotAsync();

        var people = await app.WithDbAsync(async db =>
        {
            await db.MatchingReach.ExecuteDeleteAsync();
            await db.MatchingCandidates.ExecuteDeleteAsync();
            var incomplete = await MatchingCandidates.IncompleteAsync(db);
            return (incomplete, await MatchingCandidates.RebuildAllAsync(db));
        });

        Assert.True(people.incomplete);
        Assert.Equal(incremental.Rows.Count, people.Item2);
        var rebuilt = await SnapshotAsync();
        Assert.Equal(incremental.Rows, rebuilt.Rows);
        Assert.Equal(incremental.Reach, rebuilt.Reach);
        Assert.Contains(incremental.Reach, r => r == (agreed, seed.Mine));
    }
}
