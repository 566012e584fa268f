using Training.Activities;
using Training.Attendance;
using Training.Audit;
using Training.Certificates;
using Training.Configuration;
using Training.Courses;
using Training.Data;
using Training.Demo;
using Training.Leaders;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.Organisations;
using Training.People;
using Training.Qualifications;
using Training.Registrations;
using Training.Reports;
using Training.Staff;
using Training.Storage;

namespace Training.Web.Hosting;

public static class FeatureServices
{
    /// <summary>
    /// The features of src/Training, each registering its own services (a feature's new service is added in its own
    /// <c>*Services.cs</c>, never here).
    /// </summary>
    public static void AddTrainingFeatures(this WebApplicationBuilder builder) => builder.Services
        .AddDataAccess()
        .AddStorage()
        .AddSiteConfiguration()
        .AddAudit()
        .AddOrganisations()
        .AddPeople()
        .AddCourses()
        .AddRegistrations()
        .AddAttendance()
        .AddCertificates()
        .AddQualifications()
        .AddNotifications()
        .AddChannels()
        .AddReports()
        .AddActivities()
        .AddStaff()
        .AddLeaders()
        .AddDemo();
}
