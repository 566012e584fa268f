using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Training.Configuration;
using Training.Time;

namespace Training.Tests.Time;

public class JapaneseDatesTests
{
    [Theory]
    [InlineData(2026, "令和8年度")]
    [InlineData(2019, "令和元年度")]
    [InlineData(2018, "平成30年度")]
    public void Fiscal_years_are_named_in_the_Japanese_era(int year, string expected) =>
        Assert.Equal(expected, JapaneseDates.FiscalYear(year));

    [Fact]
    public void Dates_read_as_on_a_Japanese_notice()
    {
        var date = new DateOnly(2026, 11, 26);

        Assert.Equal("令和8年11月26日", JapaneseDates.LongWareki(date));
        Assert.Equal("11月26日（木）", JapaneseDates.MonthDayWeekday(date));
        Assert.Equal("2026年11月26日（木）", JapaneseDates.FullDate(date));
    }

    [Theory]
    [InlineData("2026-03-31T14:59:00Z", 2025)]
    [InlineData("2026-03-31T15:00:00Z", 2026)]
    public void The_fiscal_year_turns_at_midnight_on_1_April_Tokyo_time(string utc, int fiscalYear)
    {
        var clock = new SiteClock(new FakeTimeProvider(DateTimeOffset.Parse(utc)), Options.Create(new SiteOptions()));

        Assert.Equal(fiscalYear, clock.CurrentFiscalYear);
    }
}
