using Training.Activities;

namespace Training.Tests.Activities;

/// <summary>The rules of an activity record and of a helper's stage, without the app.</summary>
public class ActivityRecordRuleTests
{
    // 2026-12-07 10:00 in Tokyo is 01:00 UTC.
    private static readonly DateTime Now = new(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc);

    private static RecordInput Input(int day = 5, int minutes = 120, int? visits = 1) =>
        new() { Date = new DateOnly(2026, 12, day), StartTime = new TimeOnly(10, 0), Minutes = minutes, Visits = visits };

    private static DateTime StartOf(RecordInput input) => input.Date!.Value.ToDateTime(input.StartTime!.Value).AddHours(-9);

    [Fact]
    public void A_coordinators_record_is_confirmed_as_typed_and_counts()
    {
        var input = Input();
        var record = ActivityRecord.Create(1, 2, input, StartOf(input), RecordSource.Staff, "staff-1", Now);

        Assert.Equal((RecordStatus.Confirmed, "staff-1", true), (record.Status, record.ConfirmedByStaffId, record.Counts));
        Assert.Equal(StartOf(input).AddMinutes(120), record.EndsAt);
    }

    [Fact]
    public void A_helpers_own_record_waits_for_a_coordinator_and_counts_only_once_confirmed()
    {
        var input = Input();
        var record = ActivityRecord.Create(1, 2, input, StartOf(input), RecordSource.Helper, null, Now);
        Assert.False(record.Counts);

        Assert.True(record.Confirm("staff-1", Now));
        Assert.False(record.Confirm("staff-2", Now));
        Assert.Equal(("staff-1", true), (record.ConfirmedByStaffId, record.Counts));
    }

    [Theory]
    [InlineData(0, nameof(RecordInput.Minutes))]
    [InlineData(-30, nameof(RecordInput.Minutes))]
    [InlineData(24 * 60 + 1, nameof(RecordInput.Minutes))]
    public void Hours_that_are_none_negative_or_above_a_day_are_refused(int minutes, string field)
    {
        var input = Input(minutes: minutes);

        var problem = Assert.Single(ActivityRecord.Problems(input, StartOf(input), Now));
        Assert.Equal((field, ActivityRecord.Messages.DurationInvalid), (problem.Field, problem.Message));
    }

    [Fact]
    public void An_activity_not_yet_over_cannot_be_recorded_even_on_todays_date()
    {
        // Today 09:30–10:30 in Tokyo ends half an hour after now (10:00).
        var input = new RecordInput { Date = new DateOnly(2026, 12, 7), StartTime = new TimeOnly(9, 30), Minutes = 60, Visits = 0 };
        var earlier = new RecordInput { Date = new DateOnly(2026, 12, 7), StartTime = new TimeOnly(8, 30), Minutes = 60, Visits = 0 };

        Assert.Equal(ActivityRecord.Messages.InFuture, Assert.Single(ActivityRecord.Problems(input, StartOf(input), Now)).Message);
        Assert.Empty(ActivityRecord.Problems(earlier, StartOf(earlier), Now));
        Assert.Throws<ArgumentException>(() => ActivityRecord.Create(1, 2, input, StartOf(input), RecordSource.Staff, "s", Now));
    }

    [Fact]
    public void Spans_that_only_touch_do_not_overlap_and_spans_that_share_a_minute_do()
    {
        var ten = new DateTime(2026, 12, 5, 1, 0, 0, DateTimeKind.Utc);

        Assert.False(ActivityRecord.Overlap(ten, ten.AddHours(2), ten.AddHours(2), ten.AddHours(3)));
        Assert.True(ActivityRecord.Overlap(ten, ten.AddHours(2), ten.AddHours(1).AddMinutes(59), ten.AddHours(3)));
        Assert.True(ActivityRecord.Overlap(ten, ten.AddHours(2), ten.AddMinutes(30), ten.AddMinutes(40)));
    }

    [Fact]
    public void A_correction_names_the_fields_that_changed_and_a_cancelled_record_counts_nowhere_and_cannot_be_corrected()
    {
        var input = Input();
        var record = ActivityRecord.Create(1, 2, input, StartOf(input), RecordSource.Staff, "s", Now);
        var corrected = Input(minutes: 90, visits: 3);

        Assert.Equal([nameof(RecordInput.Minutes), nameof(RecordInput.Visits)], record.Correct(corrected, StartOf(corrected), Now));
        Assert.Throws<ArgumentException>(() => record.Cancel(" ", Now));
        Assert.True(record.Cancel("別の方の記録でした", Now));
        Assert.False(record.Counts);
        Assert.Throws<InvalidOperationException>(() => record.Correct(corrected, StartOf(corrected), Now));
    }

    [Theory]
    [InlineData(false, null, HelperStage.NotTrained)]
    [InlineData(true, null, HelperStage.Trained)]
    [InlineData(true, "2026-06-08", HelperStage.Active)]
    [InlineData(false, "2026-06-08", HelperStage.Active)]
    [InlineData(true, "2026-06-07", HelperStage.Lapsed)]
    public void A_helper_is_active_with_a_record_in_the_last_six_months_and_lapsed_after(bool trained, string? last, HelperStage stage) =>
        Assert.Equal(stage, HelperLifecycle.Stage(trained, last is null ? null : DateOnly.Parse(last), new DateOnly(2026, 12, 7), 6));

    [Theory]
    [InlineData("2026-06-07", 6, "2026-12-07")]
    [InlineData("2026-05-31", 3, "2026-08-31")]
    [InlineData("2026-11-30", 3, "2027-03-01")]
    [InlineData("2027-11-29", 3, "2028-02-29")]
    [InlineData("2027-11-30", 3, "2028-03-01")]
    [InlineData("2026-01-31", 1, "2026-03-01")]
    [InlineData("2026-12-31", 12, "2027-12-31")]
    public void A_helper_is_lapsed_from_the_first_day_the_rule_no_longer_counts_their_last_record(string last, int months, string lapsedFrom)
    {
        var record = DateOnly.Parse(last);
        var from = HelperLifecycle.LapsedFrom(record, months);

        Assert.Equal(DateOnly.Parse(lapsedFrom), from);
        Assert.Equal(HelperStage.Lapsed, HelperLifecycle.Stage(true, record, from, months));
        Assert.Equal(HelperStage.Active, HelperLifecycle.Stage(true, record, from.AddDays(-1), months));
    }

    [Fact]
    public void The_day_a_helper_lapses_agrees_with_the_rule_on_every_day_of_four_years_for_every_setting()
    {
        var disagreements = new List<string>();
        for (var months = 1; months <= 24; months++)
            for (var last = new DateOnly(2026, 1, 1); last < new DateOnly(2030, 1, 1); last = last.AddDays(1))
            {
                var from = HelperLifecycle.LapsedFrom(last, months);
                if (HelperLifecycle.Stage(true, last, from, months) != HelperStage.Lapsed || HelperLifecycle.Stage(true, last, from.AddDays(-1), months) != HelperStage.Active)
                    disagreements.Add($"{last} + {months} months → {from}");
            }

        Assert.Empty(disagreements);
    }
}
