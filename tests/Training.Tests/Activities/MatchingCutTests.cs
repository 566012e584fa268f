using Training.Activities;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Activities;

/// <summary>The bound that lets matching read the record facts only for who can still reach the list: the rule without the app.</summary>
public class MatchingCutTests
{
    private static readonly DateTime Now = TestClock.Start.UtcDateTime;
    private static readonly DateOnly Today = new(2026, 12, 7);

    [Fact]
    public void The_score_is_the_profile_part_plus_the_qualification_plus_at_most_the_stated_rest_for_every_combination_of_facts()
    {
        bool?[] districts = [null, false, true];
        Weekdays[] days = [Weekdays.None, Weekdays.Wednesday];
        string?[] qualifications = [null, "見守りサポーター"];
        int[] actives = [0, 1, Matching.ManyActivities];
        DateTime?[] trained = [null, Now.AddMonths(-2), Now.AddMonths(-Matching.RecentlyTrainedMonths - 1)];
        DateOnly?[] lastRecords = [null, Today.AddDays(-3), Today.AddYears(-2)];
        var checkedCount = 0;
        foreach (var district in districts)
        foreach (var interested in new[] { false, true })
        foreach (var day in days)
        foreach (var qualification in qualifications)
        foreach (var active in actives)
        foreach (var trainedAt in trained)
        foreach (var lastRecord in lastRecords)
        {
            var facts = new MatchFacts(district, interested, day, qualification, qualification is null ? null : Now.AddMonths(20), active, trainedAt, lastRecord);
            var (score, _) = facts.Rank(Now, Today, 6);
            var rest = score - facts.ProfileScore - (qualification is null ? 0 : 2);
            Assert.InRange(rest, 0, MatchFacts.MaxBeyondProfile);
            checkedCount++;
        }
        Assert.Equal(3 * 2 * 2 * 2 * 3 * 3 * 3, checkedCount);
    }
}
