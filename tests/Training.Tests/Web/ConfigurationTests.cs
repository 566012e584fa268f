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
    [InlineData("Database:Provider", "Oracle")]
    public void An_invalid_setting_stops_start_up_with_a_message_naming_the_key(string key, string value)
    {
        using var app = new TrainingApp(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        var validation = Assert.IsType<OptionsValidationException>(Unwrap(error));
        Assert.Contains(key, validation.Message);
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
