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

    [Theory]
    [InlineData("1950", 1950)]
    [InlineData("１９５０年", 1950)]
    [InlineData("昭和20年", 1945)]
    [InlineData("昭和２７", 1952)]
    [InlineData("S27", 1952)]
    [InlineData("s27", 1952)]
    [InlineData("Ｓ２７", 1952)]
    [InlineData("平成2年", 1990)]
    [InlineData("平成元年", 1989)]
    [InlineData("H1", 1989)]
    [InlineData("大正15", 1926)]
    [InlineData("令和元年", 2019)]
    public void Birth_years_are_read_as_people_write_them(string typed, int year)
    {
        Assert.True(JapaneseDates.TryParseYear(typed, 2026, out var parsed), typed);
        Assert.Equal(year, parsed);
    }

    [Theory]
    [InlineData("昭和65")] // 昭和 ended in its 64th year
    [InlineData("平成32年")]
    [InlineData("2027")] // after this year
    [InlineData("1850")]
    [InlineData("X27")]
    [InlineData("昭和")]
    [InlineData("せんきゅうひゃく")]
    public void Years_that_cannot_be_are_refused(string typed) => Assert.False(JapaneseDates.TryParseYear(typed, 2026, out _));

    [Fact]
    public void A_birth_year_is_shown_with_its_era_to_Japanese_readers() =>
        Assert.Equal("1950年（昭和25年）", JapaneseDates.BirthYear(1950, english: false));
}
