using Microsoft.Extensions.Options;

namespace Training.Configuration;

/// <summary>
/// Every address the product gives out, built in one place: the static methods give the path (for a redirect or a
/// link on a page), <see cref="Absolute"/> the full address under Site:PublicBaseUrl (for an email, a PDF, a QR code).
/// </summary>
public sealed class SiteLinks(IOptions<SiteOptions> site)
{
    /// <summary>The site's own address, without a trailing slash.</summary>
    public string BaseUrl => site.Value.PublicBaseUrl.TrimEnd('/');

    public string Absolute(string path) => BaseUrl + (path.StartsWith('/') ? path : "/" + path);

    public static string Course(int courseId) => $"/Courses/{courseId}";
    /// <summary>The sign-up form, opened on the session tapped when the course is booked by the session.</summary>
    public static string Register(int courseId, int? sessionId = null) =>
        $"/Courses/{courseId}/Register" + (sessionId is { } session ? $"?sessionId={session}" : "");
    public const string ScheduleHome = "/Schedule";
    public static string Schedule(string month) => $"/Schedule?month={Uri.EscapeDataString(month)}";
    public static string Schedule(int year, int month) => Schedule($"{year:D4}-{month:D2}");
    public static string MyPage(string accessToken, int? doneRegistrationId = null) =>
        $"/My/{Uri.EscapeDataString(accessToken)}" + (doneRegistrationId is { } done ? $"?done={done}" : "");
    /// <summary>Where a resident who lost the link to their own page asks for it again.</summary>
    public const string Recover = "/My/Recover";
    public static string Verify(string code) => $"/verify/{Uri.EscapeDataString(code)}";
    public static string CheckIn(string code) => $"/CheckIn/{Uri.EscapeDataString(code)}";
    public static string Unsubscribe(string token) => $"/Unsubscribe/{Uri.EscapeDataString(token)}";

    public static string SetPassword(string userId, string token) =>
        $"/Account/SetPassword?id={Uri.EscapeDataString(userId)}&token={Uri.EscapeDataString(token)}";

    public const string StaffSignIn = "/Account/Login";
    /// <summary>Where a staff member sets up sign-in with an authenticator app.</summary>
    public const string TwoFactorSetup = "/Account/TwoFactor";

    public static string UnlockSignIn(string userId, string token) =>
        $"/Account/Unlock?id={Uri.EscapeDataString(userId)}&token={Uri.EscapeDataString(token)}";

    public static string StaffPerson(int personId) => $"/Staff/People/{personId}";
    public static string StaffCourse(int courseId) => $"/Staff/Courses/{courseId}";
    public static string StaffCourseSessions(int courseId) => $"/Staff/Courses/{courseId}/Sessions";
    public static string StaffRoster(int sessionId) => $"/Staff/Sessions/{sessionId}/Roster";

    // Endpoints that are not Razor pages, so asp-page cannot reach them: named here, once, for the mapping and the links.
    /// <summary>Hangfire's dashboard of background jobs (admins only).</summary>
    public const string JobsDashboard = "/hangfire";
    /// <summary>The health check a load balancer asks (the same as /health/ready).</summary>
    public const string HealthCheck = "/healthz";
    /// <summary>The public schedule as an iCalendar feed.</summary>
    public const string PublicCalendar = "/calendar.ics";
    /// <summary>A resident's own sessions as an iCalendar feed.</summary>
    public static string PersonalCalendar(string accessToken) => $"/My/{Uri.EscapeDataString(accessToken)}/calendar.ics";
    public const string SchedulePdfPath = "/Schedule/Pdf";
    /// <summary>The printable schedule of a month (yyyy-MM), narrowed like the page it was opened from.</summary>
    public static string SchedulePdf(string month, int? area = null, int? program = null) =>
        $"{SchedulePdfPath}?month={Uri.EscapeDataString(month)}" + (area is { } a ? $"&area={a}" : "") + (program is { } p ? $"&program={p}" : "");
    /// <summary>A district's public list of local activities (the page; the PDF for the 回覧板 below).</summary>
    public static string DistrictActivities(int areaId) => $"/Activities/{areaId}";
    public const string DistrictActivitiesPdfPath = "/Activities/Pdf";
    /// <summary>The printable list of a district's local activities, for the 回覧板.</summary>
    public static string DistrictActivitiesPdf(int areaId) => $"{DistrictActivitiesPdfPath}?area={areaId}";
}
