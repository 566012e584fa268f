using Microsoft.Extensions.Options;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

public class ConfigurationTests
{
    [Theory]
    [InlineData("Site:TimeZone", "Mars/Olympus_Mons")]
    [InlineData("Site:PublicBaseUrl", "not a url")]
    [InlineData("Site:FiscalYearStartMonth", "13")]
    [InlineData("Smtp:Port", "70000")]
    [InlineData("Smtp:Security", "Sometimes")]
    [InlineData("Email:FromAddress", "nobody")]
    [InlineData("Jobs:Schedules:outbox-dispatch", "every minute")]
    [InlineData("Jobs:Schedules:certificate-sweep", "99 99 * * *")]
    [InlineData("Site:MapUrlPattern", "https://maps.example.jp/search")]
    [InlineData("Site:MapUrlPattern", "http://maps.example.jp/search?q={0}")]
    [InlineData("Certificates:HoldNights", "15")]
    [InlineData("Certificates:IssueHour", "24")]
    [InlineData("Database:Provider", "Oracle")]
    [InlineData("Jobs:PostgreSqlSchema", "hangfire; drop")]
    [InlineData("Observability:MetricsPath", "metrics")]
    [InlineData("Proxy:ForwardLimit", "0")]
    [InlineData("Certificates:Layout", "missing")]
    [InlineData("Documents:FallbackFonts:0", "/no/such/font.ttf")]
    public void An_invalid_setting_stops_start_up_with_a_message_naming_the_key(string key, string value)
    {
        using var app = new TrainingApp(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        var validation = Assert.IsType<OptionsValidationException>(Unwrap(error));
        Assert.Contains(key, validation.Message);
    }

    [Theory]
    [InlineData("Proxy:KnownProxies:0", "proxy.city.local", "Proxy:KnownProxies 'proxy.city.local' is not an IP address")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0/99", "Proxy:KnownNetworks '10.0.0.0/99' is not a network")]
    [InlineData("Observability:MetricsAllowedNetworks:0", "monitoring", "Observability:MetricsAllowedNetworks 'monitoring' is not a network")]
    public void A_proxy_or_scraper_address_that_is_not_one_stops_start_up_and_is_quoted(string key, string value, string expected)
    {
        using var app = new TrainingApp(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(expected, Assert.IsType<OptionsValidationException>(Unwrap(error)).Message);
    }

    [Fact]
    public void A_SQLite_file_given_to_the_PostgreSQL_provider_stops_start_up()
    {
        using var app = new TrainingApp(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql", ["Database:ConnectionString"] = "Data Source=data/training.db",
        });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("Database:ConnectionString is a SQLite file but Database:Provider is PostgreSql", Unwrap(error).Message);
    }

    [Fact]
    public void A_template_folder_without_email_templates_stops_start_up()
    {
        using var app = new TrainingApp(new Dictionary<string, string?> { ["Templates:Directory"] = Path.GetTempPath() });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("Templates:Directory", Unwrap(error).Message);
    }

    private static Exception Unwrap(Exception error)
    {
        while (error is AggregateException or System.Reflection.TargetInvocationException && error.InnerException is not null)
            error = error.InnerException!;
        return error;
    }
}
