using Training.Configuration;
using Training.Notifications;

namespace Training.Tests.Notifications;

/// <summary>When non-urgent mail may go out, in local time, at the edges and around midnight.</summary>
public class DeliveryWindowTests
{
    private static readonly DeliveryWindow Daytime = new(new TimeOnly(9, 0), new TimeOnly(19, 0));
    private static readonly DeliveryWindow OverMidnight = new(new TimeOnly(22, 0), new TimeOnly(6, 0));

    [Theory]
    [InlineData("08:59", false)]
    [InlineData("09:00", true)]
    [InlineData("12:00", true)]
    [InlineData("18:59", true)]
    [InlineData("19:00", false)]
    [InlineData("23:59", false)]
    [InlineData("00:00", false)]
    public void A_daytime_window_includes_its_start_and_excludes_its_end(string time, bool inside) =>
        Assert.Equal(inside, Daytime.Contains(TimeOnly.Parse(time)));

    [Theory]
    [InlineData("21:59", false)]
    [InlineData("22:00", true)]
    [InlineData("23:59", true)]
    [InlineData("00:00", true)]
    [InlineData("05:59", true)]
    [InlineData("06:00", false)]
    [InlineData("12:00", false)]
    public void A_window_that_runs_over_midnight_wraps_around(string time, bool inside) =>
        Assert.Equal(inside, OverMidnight.Contains(TimeOnly.Parse(time)));

    [Theory]
    [InlineData("2026-12-06 08:00", "2026-12-06 09:00")]
    [InlineData("2026-12-06 09:00", "2026-12-06 09:00")]
    [InlineData("2026-12-06 19:00", "2026-12-07 09:00")]
    [InlineData("2026-12-06 23:30", "2026-12-07 09:00")]
    [InlineData("2026-12-31 23:59", "2027-01-01 09:00")]
    public void The_next_opening_is_now_inside_the_window_or_the_next_morning(string now, string expected) =>
        Assert.Equal(DateTime.Parse(expected), Daytime.NextOpening(DateTime.Parse(now)));

    [Theory]
    // Session on Wed 9 Dec; reminders 3 and 1 days before, from 09:00.
    [InlineData("2026-12-06 08:59", null)]
    [InlineData("2026-12-06 09:00", 3)]
    [InlineData("2026-12-07 18:00", 3)]
    [InlineData("2026-12-08 09:00", 1)]
    [InlineData("2026-12-09 07:00", 1)]
    public void The_reminder_due_is_the_nearest_offset_whose_moment_has_come(string now, int? expected) =>
        Assert.Equal(expected, SessionReminders.DueOffset([3, 1], new DateOnly(2026, 12, 9), new TimeOnly(9, 0), DateTime.Parse(now)));

    [Fact]
    public void Reminder_settings_that_cannot_work_are_refused_with_the_key_named()
    {
        var options = new RemindersOptions { WindowStart = "9時", WindowEnd = "19:00", EmailDaysBefore = [3, -1] };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(e => e.ErrorMessage).ToList();

        Assert.Contains(errors, e => e!.Contains("Reminders:WindowStart"));
        Assert.Contains(errors, e => e!.Contains("Reminders:EmailDaysBefore"));
    }
}
