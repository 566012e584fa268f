using Training.Courses.Scheduling;

namespace Training.Tests.Courses;

public class JapaneseHolidaysTests
{
    // The Cabinet Office's published lists (内閣府「国民の祝日について」) for 2025, 2026 and 2027.
    public static TheoryData<int, string[]> CabinetOfficeLists => new()
    {
        { 2025, ["01-01", "01-13", "02-11", "02-23", "02-24", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06",
                 "07-21", "08-11", "09-15", "09-23", "10-13", "11-03", "11-23", "11-24"] },
        { 2026, ["01-01", "01-12", "02-11", "02-23", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06",
                 "07-20", "08-11", "09-21", "09-22", "09-23", "10-12", "11-03", "11-23"] },
        { 2027, ["01-01", "01-11", "02-11", "02-23", "03-21", "03-22", "04-29", "05-03", "05-04", "05-05",
                 "07-19", "08-11", "09-20", "09-23", "10-11", "11-03", "11-23"] },
    };

    [Theory]
    [MemberData(nameof(CabinetOfficeLists))]
    public void Computed_holidays_match_the_Cabinet_Office_list(int year, string[] expected)
    {
        var computed = JapaneseHolidays.For(year).Keys.Select(d => d.ToString("MM-dd")).ToArray();

        Assert.Equal(expected, computed);
    }

    [Theory]
    [InlineData("2026-09-22", "国民の休日")]
    [InlineData("2026-05-06", "休日（振替休日）")]
    [InlineData("2025-11-24", "休日（振替休日）")]
    [InlineData("2027-03-21", "春分の日")]
    [InlineData("2019-04-30", "国民の休日")]
    [InlineData("2019-05-01", "天皇の即位の日")]
    [InlineData("2020-07-24", "スポーツの日")]
    public void Holidays_carry_their_names(string date, string name) =>
        Assert.Equal(name, JapaneseHolidays.NameOf(DateOnly.Parse(date)));

    [Theory]
    [InlineData("2026-11-26")]
    [InlineData("2026-12-23")]
    [InlineData("2021-07-19")]
    public void Ordinary_days_are_not_holidays(string date) =>
        Assert.False(JapaneseHolidays.IsHoliday(DateOnly.Parse(date)));
}
