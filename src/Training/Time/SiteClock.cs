using Microsoft.Extensions.Options;
using Training.Configuration;

namespace Training.Time;

/// <summary>Converts between stored UTC and the site's local time, and knows the fiscal year. Reads time only from TimeProvider.</summary>
public class SiteClock(TimeProvider time, IOptions<SiteOptions> site)
{
    private readonly TimeZoneInfo _zone = site.Value.GetTimeZone();
    private readonly int _fiscalStartMonth = site.Value.FiscalYearStartMonth;

    public TimeZoneInfo Zone => _zone;
    public int FiscalYearStartMonth => _fiscalStartMonth;
    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
    public DateTime LocalNow => ToLocal(UtcNow);
    public DateOnly Today => DateOnly.FromDateTime(LocalNow);

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), _zone);

    /// <summary>The instant as the site's clocks read it, with the offset that says so: 2026-12-09T10:00:00+09:00.</summary>
    public DateTimeOffset ToLocalWithOffset(DateTime utc) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), _zone);

    public DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _zone);

    public DateTime ToUtc(DateOnly date, TimeOnly timeOfDay) => ToUtc(date.ToDateTime(timeOfDay));

    /// <summary>UTC instant at which the given local day starts.</summary>
    public DateTime StartOfDayUtc(DateOnly date) => ToUtc(date, TimeOnly.MinValue);

    /// <summary>Fiscal year named by the calendar year it starts in (April 2026 – March 2027 is 2026, 令和8年度).</summary>
    public int FiscalYearOf(DateOnly date) => date.Month >= _fiscalStartMonth ? date.Year : date.Year - 1;

    public int CurrentFiscalYear => FiscalYearOf(Today);
}
