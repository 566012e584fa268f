using Training.Courses.Scheduling;
using Training.People;
using Training.Registrations;

namespace Training.Web.Hosting;

public static class FeatureServices
{
    /// <summary>The feature services pages, the API and jobs call directly.</summary>
    public static void AddTrainingFeatures(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SessionPlanner>();
        builder.Services.AddSingleton<Training.Data.DatabaseWriteGate>();
        builder.Services.AddScoped<Training.Data.UnitOfWork>();
        builder.Services.AddScoped<Training.Data.OutboxStore>();
        builder.Services.AddScoped<Training.Audit.AuditLog>();
        builder.Services.AddSingleton<Training.Configuration.SiteLinks>();
        builder.Services.AddSingleton<Training.Organisations.ContactNumbers>();
        builder.Services.AddSingleton<Training.Notifications.OutboxKick>();
        builder.Services.AddSingleton<Training.Courses.ScheduleVersion>();
        builder.Services.AddScoped<Training.Courses.ScheduleQuery>();
        builder.Services.AddSingleton<Training.Courses.CalendarFeed>();
        builder.Services.AddScoped<Training.Courses.MonthlySchedulePdf>();
        builder.Services.AddScoped<PeopleDirectory>();
        builder.Services.AddScoped<PersonMerger>();
        builder.Services.AddScoped<PersonCorrections>();
        builder.Services.AddScoped<MyPageLinks>();
        builder.Services.AddScoped<Training.Courses.CourseChanges>();
        builder.Services.AddScoped<Training.Courses.CourseCreation>();
        builder.Services.AddScoped<Training.Courses.ExtraSessions>();
        builder.Services.AddScoped<RegistrationNotifier>();
        builder.Services.AddScoped<RegistrationService>();
        builder.Services.AddScoped<BookingSlips>();
        builder.Services.AddScoped<Training.Attendance.CompletionService>();
        builder.Services.AddScoped<Training.Attendance.CompletionSweepJob>();
        builder.Services.AddScoped<Training.Attendance.ProgramCompletionsJob>();
        builder.Services.AddScoped<Training.Attendance.AttendanceService>();
        builder.Services.AddScoped<Training.Attendance.SignInSheetPdf>();
        builder.Services.AddScoped<Training.Attendance.AttendanceGridPdf>();
        builder.Services.AddScoped<Training.Attendance.AttendanceImport>();
        builder.Services.AddScoped<Training.Attendance.StaffAlerts>();
        builder.Services.AddScoped<Training.Attendance.CheckInCodes>();
        builder.Services.AddScoped<Training.Attendance.CheckInPasses>();
        builder.Services.AddSingleton<Training.Certificates.CertificateRenderer>();
        builder.Services.AddSingleton<Training.Certificates.CertificateStore>();
        builder.Services.AddScoped<Training.Certificates.CertificateIssuer>();
        builder.Services.AddScoped<Training.Certificates.CertificatePrinter>();
        builder.Services.AddScoped<Training.Certificates.CertificateVerification>();
        builder.Services.AddScoped<Training.Qualifications.QualificationService>();
        builder.Services.AddScoped<Training.Qualifications.QualificationExpiryJob>();
        builder.Services.AddScoped<Training.Certificates.CertificateIssueJob>();
        builder.Services.AddScoped<Training.Certificates.CertificateSweepJob>();
        builder.Services.AddScoped<Training.Certificates.CertificatePrintJob>();
        builder.Services.AddScoped<Training.Notifications.SessionMessages>();
        builder.Services.AddScoped<Training.Reports.FiscalYearReport>();
        builder.Services.AddScoped<Training.Reports.ReportPdf>();
        builder.Services.AddScoped<Training.People.PersonalData>();
        builder.Services.AddScoped<Training.People.PeopleImport>();
        builder.Services.AddScoped<Training.People.ImportUploads>();
        builder.Services.AddScoped<Training.People.PersonKeys>();
        builder.Services.AddScoped<Training.People.ImportCleanupJob>();
        builder.Services.AddScoped<Training.People.PersonalDataRetentionJob>();
        builder.Services.AddScoped<Training.Notifications.CallListPdf>();
        builder.Services.AddScoped<Training.Notifications.CallAttempts>();
        builder.Services.AddScoped<Training.Notifications.CourseMessages>();
        builder.Services.AddScoped<Training.Reports.ParticipantExport>();
        builder.Services.AddScoped<Training.Notifications.EmailPreferences>();
        builder.Services.AddScoped<Training.Notifications.SessionReminders>();
        builder.Services.AddScoped<Training.Notifications.SessionChangeNotifier>();
        builder.Services.AddScoped<Training.Notifications.MonthlyScheduleMailer>();
        builder.Services.AddScoped<Training.Notifications.ReminderSweepJob>();
        builder.Services.AddScoped<Training.Notifications.MonthlyScheduleMailJob>();
        builder.Services.AddScoped<Training.Attendance.AttendanceCheckJob>();
    }
}
