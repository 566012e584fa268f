using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Time;

namespace Training.Web.Hosting;

public static class OptionsSetup
{
    /// <summary>Binds every options section and validates it at start: a bad value stops the app with a message naming its key.</summary>
    public static void AddTrainingOptions(this WebApplicationBuilder builder)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Bind<SiteOptions>(SiteOptions.Section)
            .PostConfigure(o => o.DataDirectory = Rooted(contentRoot, o.DataDirectory));
        builder.Bind<DatabaseOptions>(DatabaseOptions.Section)
            .PostConfigure(o => o.ConnectionString = DataExtensions.RootSqliteDataSource(contentRoot, o));
        builder.Bind<JobsOptions>(JobsOptions.Section)
            .PostConfigure(o => o.StoragePath = Rooted(contentRoot, o.StoragePath));
        builder.Bind<EmailOptions>(EmailOptions.Section)
            .PostConfigure(o => o.PickupDirectory = Rooted(contentRoot, o.PickupDirectory));
        builder.Bind<SmtpOptions>(SmtpOptions.Section)
            .PostConfigure(o => o.OAuth.ServiceAccountKeyFile = string.IsNullOrWhiteSpace(o.OAuth.ServiceAccountKeyFile)
                ? o.OAuth.ServiceAccountKeyFile : Rooted(contentRoot, o.OAuth.ServiceAccountKeyFile));
        builder.Bind<ScheduleOptions>(ScheduleOptions.Section);
        builder.Bind<DocumentsOptions>(DocumentsOptions.Section);
        builder.Bind<AttendanceOptions>(AttendanceOptions.Section);
        builder.Bind<QualificationOptions>(QualificationOptions.Section);
        builder.Bind<ActivitiesOptions>(ActivitiesOptions.Section);
        builder.Bind<RemindersOptions>(RemindersOptions.Section);
        builder.Bind<PersonalDataOptions>(PersonalDataOptions.Section);
        builder.Bind<StaffOptions>(StaffOptions.Section);
        builder.Bind<CitySignInOptions>(CitySignInOptions.Section);
        builder.Bind<CertificateOptions>(CertificateOptions.Section);
        builder.Services.AddSingleton<IValidateOptions<CertificateOptions>, Training.Certificates.CertificateLayoutCheck>();
        builder.Bind<SmsOptions>(SmsOptions.Section);
        builder.Bind<BootstrapOptions>(BootstrapOptions.Section);
        builder.Bind<ProxyOptions>(ProxyOptions.Section);
        builder.Bind<ObservabilityOptions>(ObservabilityOptions.Section);
        builder.Bind<TemplatesOptions>(TemplatesOptions.Section)
            .PostConfigure(o => o.Directory = string.IsNullOrWhiteSpace(o.Directory)
                ? Path.Combine(AppContext.BaseDirectory, "templates")
                : Rooted(contentRoot, o.Directory));

        builder.Bind<LineOptions>(LineOptions.Section);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SiteClock>();
    }

    private static OptionsBuilder<T> Bind<T>(this WebApplicationBuilder builder, string section) where T : class =>
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section)).ValidateSettingsOnStart();

    internal static string Rooted(string root, string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(root, path));
}
