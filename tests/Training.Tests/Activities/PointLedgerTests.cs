using Training.Activities;

namespace Training.Tests.Activities;

/// <summary>The points arithmetic without the app: what a rule gives, the caps in order, eligibility, and the same answer every time.</summary>
public class PointLedgerTests
{
    private const int Kind = 7;
    private static readonly DateTime Now = new(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc);

    private static PointRule Rule(Action<PointRuleInput> set)
    {
        var input = new PointRuleInput { KindId = Kind, FromFiscalYear = 2026, Mode = PointMode.PerVisit, PointsPerVisit = 100 };
        set(input);
        return PointRule.Create(input, Now);
    }

    private static PointRule Bands(params (int Minutes, int Points)[] bands) => Rule(i =>
    {
        i.Mode = PointMode.ByDuration;
        i.PointsPerVisit = null;
        for (var b = 0; b < bands.Length; b++) (i.BandMinutes[b], i.BandPoints[b]) = (bands[b].Minutes, bands[b].Points);
    });

    private static int _id;

    private static PointItem Item(string date, string start = "10:00", int minutes = 60, int visits = 0, int person = 1, int? born = 1950, int kind = Kind)
    {
        var day = DateOnly.Parse(date);
        var time = TimeOnly.Parse(start);
        return new PointItem(++_id, person, kind, day, time, minutes, visits, born, day.ToDateTime(time).AddHours(-9));
    }

    private static List<PointAward> Derive(PointRule rule, IEnumerable<PointItem> items, Func<int, int, DateTime?>? completed = null) =>
        PointLedger.Derive(items, 2026, new Dictionary<int, PointRule> { [Kind] = rule }, completed ?? ((_, _) => null)).ToList();

    [Fact]
    public void Per_visit_points_multiply_the_visits_and_a_record_without_visits_counts_as_one()
    {
        var rule = Rule(_ => { });

        Assert.Equal(300, rule.PointsBeforeCap(60, 3));
        Assert.Equal(100, rule.PointsBeforeCap(60, 0));
    }

    [Fact]
    public void Duration_bands_give_the_points_of_the_longest_band_reached()
    {
        var rule = Bands((0, 100), (120, 200));

        Assert.Equal([100, 100, 200, 200], new[] { 1, 119, 120, 300 }.Select(m => rule.PointsBeforeCap(m, 0)));
        Assert.Equal(0, Bands((60, 100)).PointsBeforeCap(30, 0));
        Assert.Equal("0:100,120:200", Bands((120, 200), (0, 100)).BandsText);
    }

    [Fact]
    public void The_day_cap_cuts_the_second_record_of_a_day_in_start_order_and_says_so()
    {
        var awards = Derive(Rule(i => i.DayCap = 150), [Item("2026-05-01", "09:00"), Item("2026-05-01", "13:00"), Item("2026-05-02", "09:00")]);

        Assert.Equal([(100, 100, PointCut.None), (100, 50, PointCut.Day), (100, 100, PointCut.None)], awards.Select(a => (a.PointsBeforeCap, a.Points, a.Cut)));
    }

    [Fact]
    public void Caps_apply_day_then_month_then_year_each_counting_what_was_awarded_before()
    {
        // Day 250, month 400, year 500: three 200-point days in May, then June.
        var rule = Rule(i => { i.PointsPerVisit = 200; i.DayCap = 250; i.MonthCap = 400; i.YearCap = 500; });
        var awards = Derive(rule, [Item("2026-05-01"), Item("2026-05-01", "14:00"), Item("2026-05-02"), Item("2026-05-03"), Item("2026-06-01"), Item("2026-06-02")]);

        Assert.Equal([(200, PointCut.None), (50, PointCut.Day), (150, PointCut.Month), (0, PointCut.Month), (100, PointCut.Year), (0, PointCut.Year)],
            awards.Select(a => (a.Points, a.Cut)));
        Assert.Equal(500, awards.Sum(a => a.Points));
    }

    [Fact]
    public void Caps_count_per_helper_and_start_again_for_the_next_helper()
    {
        var awards = Derive(Rule(i => i.YearCap = 100), [Item("2026-05-01", person: 1), Item("2026-05-02", person: 1), Item("2026-05-01", person: 2)]);

        Assert.Equal([100, 0, 100], awards.Select(a => a.Points));
    }

    [Fact]
    public void Records_out_of_date_then_start_order_are_refused_rather_than_capped_wrongly()
    {
        Assert.Throws<ArgumentException>(() => Derive(Rule(i => i.DayCap = 100), [Item("2026-05-02"), Item("2026-05-01")]));
    }

    [Fact]
    public void The_age_is_the_one_reached_in_the_calendar_year_of_the_activity_and_unknown_birth_years_earn_nothing()
    {
        var rule = Rule(i => i.MinimumAge = 65);
        var awards = Derive(rule, [Item("2026-04-10", born: 1961), Item("2026-04-11", born: 1962), Item("2027-01-05", born: 1962), Item("2027-01-06", born: null)]);

        Assert.Equal([(100, PointCut.None), (0, PointCut.Age), (100, PointCut.None), (0, PointCut.Age)], awards.Select(a => (a.Points, a.Cut)));
        Assert.True(PointRule.OldEnough(null, new DateOnly(2026, 5, 1), null));
    }

    [Fact]
    public void A_designated_program_counts_only_when_completed_before_the_activity_began()
    {
        var rule = Rule(i => i.RequiredProgramId = 42);
        var before = Item("2026-06-01", "10:00");
        var after = Item("2026-06-01", "08:00", person: 2);
        var completedAt = before.StartsAt.AddMinutes(-1);
        var awards = Derive(rule, [before, after, Item("2026-06-02", person: 3)],
            (person, program) => program == 42 && person is 1 or 2 ? completedAt : null);

        Assert.Equal([(100, PointCut.None), (0, PointCut.Program), (0, PointCut.Program)], awards.Select(a => (a.Points, a.Cut)));
    }

    [Fact]
    public void A_kind_without_a_rule_that_year_earns_nothing_and_is_still_listed()
    {
        var award = Assert.Single(Derive(Rule(_ => { }), [Item("2026-05-01", kind: 99)]));

        Assert.Equal((0, PointCut.NoRule), (award.Points, award.Cut));
    }

    [Fact]
    public void Deriving_the_same_records_twice_gives_the_same_awards()
    {
        var rule = Rule(i => { i.DayCap = 150; i.MonthCap = 1000; });
        List<PointItem> items = [Item("2026-05-01"), Item("2026-05-01", "13:00", visits: 2), Item("2026-05-09", person: 2)];

        Assert.Equal(Derive(rule, items), Derive(rule, items));
    }

    [Fact]
    public void The_rule_of_a_year_is_the_latest_one_starting_in_or_before_it()
    {
        var now = Rule(i => i.PointsPerVisit = 100);
        var next = Rule(i => { i.FromFiscalYear = 2027; i.PointsPerVisit = 200; });

        Assert.Equal(100, PointLedger.RulesFor(2026, [now, next])[Kind].PointsPerVisit);
        Assert.Equal(200, PointLedger.RulesFor(2028, [now, next])[Kind].PointsPerVisit);
        Assert.Empty(PointLedger.RulesFor(2025, [now, next]));
        Assert.Equal((new DateOnly(2026, 4, 1), new DateOnly(2027, 4, 1)), PointLedger.FiscalYear(2026, 4));
    }

    [Fact]
    public void A_rule_as_typed_is_refused_with_the_reason_for_bad_points_bands_caps_and_ages()
    {
        var problems = PointRule.Problems(new PointRuleInput { KindId = Kind, Mode = PointMode.PerVisit, PointsPerVisit = 0, DayCap = 0, MinimumAge = 200 }).Select(p => p.Message).ToList();
        var bands = PointRule.Problems(new PointRuleInput { KindId = Kind, Mode = PointMode.ByDuration, BandMinutes = [0, 0], BandPoints = [100, 200] }).Select(p => p.Message);
        var none = PointRule.Problems(new PointRuleInput { KindId = Kind, Mode = PointMode.ByDuration }).Select(p => p.Message);

        Assert.Equal([PointRule.Messages.PerVisitInvalid, PointRule.Messages.CapInvalid, PointRule.Messages.AgeInvalid], problems);
        Assert.Equal([PointRule.Messages.BandsRepeated], bands);
        Assert.Equal([PointRule.Messages.BandsMissing], none);
        Assert.False(new PointRuleInput().HasCap);
    }

    [Fact]
    public void A_rule_says_itself_in_words()
    {
        var bands = Bands((0, 100), (120, 200));
        var capped = Rule(i => { i.DayCap = 200; i.YearCap = 5000; });

        Assert.Equal("0分以上100ポイント、2時間以上200ポイント（上限なし）", bands.Summary());
        Assert.Equal("1回100ポイント（1日200まで、年度5000まで）", capped.Summary());
    }
}
