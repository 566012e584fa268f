using Training.Activities;

namespace Training.Tests.Activities;

/// <summary>The duration the forms' hours and minutes selects make (no free number to mistype), and what the record's rule then says of it.</summary>
public class RecordDurationRuleTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(1, 30, 90)]
    [InlineData(0, 45, 45)]
    [InlineData(2, null, 120)]
    [InlineData(null, 15, 15)]
    [InlineData(24, 0, 1440)]
    public void Hours_and_minutes_make_the_duration_in_minutes(int? hours, int? minutes, int expected) =>
        Assert.Equal(expected, RecordInput.MinutesOf(hours, minutes));

    [Fact]
    public void Nothing_chosen_is_no_duration_and_the_rule_asks_for_one()
    {
        var input = new RecordInput { Date = new DateOnly(2026, 12, 1), StartTime = new TimeOnly(10, 0), Minutes = RecordInput.MinutesOf(null, null) };

        Assert.Null(input.Minutes);
        Assert.Contains(ActivityRecord.Problems(input, Now.AddDays(-6), Now), p => p.Message == ActivityRecord.Messages.DurationInvalid);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(1, -5)]
    [InlineData(1, 60)]
    [InlineData(24, 5)]
    [InlineData(0, 0)]
    public void A_negative_part_or_more_than_24_hours_or_nothing_at_all_is_refused_never_fixed(int hours, int minutes)
    {
        var input = new RecordInput { Date = new DateOnly(2026, 12, 1), StartTime = new TimeOnly(10, 0), Minutes = RecordInput.MinutesOf(hours, minutes) };

        Assert.Contains(ActivityRecord.Problems(input, Now.AddDays(-6), Now), p => p.Message == ActivityRecord.Messages.DurationInvalid);
    }

    [Theory]
    [InlineData(90, 1, 30)]
    [InlineData(1440, 24, 0)]
    [InlineData(5, 0, 5)]
    public void A_stored_duration_shows_as_the_hours_and_minutes_it_was_chosen_as(int stored, int hours, int minutes)
    {
        Assert.Equal((hours, minutes), RecordInput.Split(stored));
        Assert.Equal(stored, RecordInput.MinutesOf(hours, minutes));
    }

    [Fact]
    public void A_helpers_record_waits_for_confirmation_and_counts_only_once_confirmed()
    {
        var input = new RecordInput { Date = new DateOnly(2026, 12, 1), StartTime = new TimeOnly(10, 0), Minutes = 60 };
        var record = ActivityRecord.Create(1, 2, input, new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc), RecordSource.Helper, null, Now);
        var pending = (record.Status, record.Counts);

        record.Confirm("staff", Now);

        Assert.Equal((RecordStatus.Pending, false), pending);
        Assert.Equal((RecordStatus.Confirmed, true), (record.Status, record.Counts));
    }
}
