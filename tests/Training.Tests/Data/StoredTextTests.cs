using System.Text;
using Training.Data;

namespace Training.Tests.Data;

/// <summary>
/// The points derivation reads SQLite's dates, times and instants from their UTF-8 text without the general parsers:
/// it must read every form EF Core writes exactly as the general parsers do, and hand anything else to them.
/// </summary>
public class StoredTextTests
{
    private static ReadOnlySpan<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData("2026-04-01")]
    [InlineData("2027-02-28")]
    [InlineData("2028-02-29")]
    [InlineData("0001-01-01")]
    public void A_day_reads_as_the_general_parser_reads_it(string text) =>
        Assert.Equal(DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture), StoredText.Day(Utf8(text)));

    [Theory]
    [InlineData("09:30:00")]
    [InlineData("00:00:00")]
    [InlineData("23:59:59")]
    [InlineData("13:45:00.5")]
    [InlineData("13:45:00.1234567")]
    public void A_time_with_or_without_a_fraction_reads_as_the_general_parser_reads_it(string text) =>
        Assert.Equal(TimeOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture), StoredText.Time(Utf8(text)));

    [Theory]
    [InlineData("2026-12-21 04:45:00")]
    [InlineData("2026-12-21T04:45:00")]
    [InlineData("2027-03-31 15:00:00.25")]
    public void An_instant_reads_as_utc_at_the_time_written(string text)
    {
        var read = StoredText.Instant(Utf8(text));

        Assert.Equal(DateTimeKind.Utc, read.Kind);
        Assert.Equal(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture), DateTime.SpecifyKind(read, DateTimeKind.Unspecified));
    }

    [Fact]
    public void Forms_other_than_efs_fall_back_to_the_general_parsers_and_nonsense_is_refused()
    {
        Assert.Equal(new DateOnly(2026, 4, 1), StoredText.Day(Utf8("2026/04/01")));
        Assert.Equal(new TimeOnly(9, 5), StoredText.Time(Utf8("9:05")));
        Assert.Equal(new DateTime(2026, 4, 1, 0, 30, 0, DateTimeKind.Utc), StoredText.Instant(Utf8("2026-04-01 00:30")));
        Assert.ThrowsAny<FormatException>(() => StoredText.Day(Utf8("2026-02-30")));
        Assert.ThrowsAny<FormatException>(() => StoredText.Time(Utf8("24:00:00")));
    }
}
