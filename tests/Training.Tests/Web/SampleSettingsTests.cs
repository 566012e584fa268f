using System.Reflection;
using System.Text.Json;
using Training.Configuration;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

public class SampleSettingsTests
{
    public static TheoryData<Type, string> OptionsClasses => new()
    {
        { typeof(SiteOptions), SiteOptions.Section },
        { typeof(DatabaseOptions), DatabaseOptions.Section },
        { typeof(JobsOptions), JobsOptions.Section },
        { typeof(EmailOptions), EmailOptions.Section },
        { typeof(SmtpOptions), SmtpOptions.Section },
        { typeof(ScheduleOptions), ScheduleOptions.Section },
        { typeof(DocumentsOptions), DocumentsOptions.Section },
        { typeof(AttendanceOptions), AttendanceOptions.Section },
        { typeof(QualificationOptions), QualificationOptions.Section },
        { typeof(CertificateOptions), CertificateOptions.Section },
        { typeof(BootstrapOptions), BootstrapOptions.Section },
        { typeof(TemplatesOptions), TemplatesOptions.Section },
        { typeof(RemindersOptions), RemindersOptions.Section },
        { typeof(PersonalDataOptions), PersonalDataOptions.Section },
        { typeof(StaffOptions), StaffOptions.Section },
        { typeof(ProxyOptions), ProxyOptions.Section },
        { typeof(ObservabilityOptions), ObservabilityOptions.Section },
        { typeof(Training.Web.Hosting.RateLimitOptions), Training.Web.Hosting.RateLimitOptions.Section },
        { typeof(LineOptions), LineOptions.Section },
    };

    [Theory]
    [MemberData(nameof(OptionsClasses))]
    public void The_sample_settings_file_documents_every_setting(Type options, string section)
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "appsettings.sample.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var documented = sample.RootElement.GetProperty(section).EnumerateObject().Select(p => p.Name).ToHashSet();

        var settable = options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name);

        var undocumented = settable.Except(documented).ToList();

        Assert.Empty(undocumented);
    }
}
