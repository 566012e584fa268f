using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Certificates;
using Training.Courses;
using Training.Notifications;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>
/// Two app nodes on one PostgreSQL database, each with its own Hangfire server, as behind a load balancer: jobs
/// are shared out and each runs once, a sign-in on one node is good on the other, and a change made through one
/// node shows at once in the other's cached pages. Runs when the suite runs on PostgreSQL (.ci/run does).
/// </summary>
public sealed class TwoNodesTests : IAsyncLifetime
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);
    // Sun 6 Dec 2026 09:00 in Tokyo: the three-day reminder for the CourseBuilder's first session (Wed 9 Dec) is due.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, Tokyo));
    private readonly LoopbackSmtpServer _smtp = new();
    private TrainingApp _nodeA = null!;
    private TrainingApp _nodeB = null!;
    private string _addressA = "", _addressB = "";

    public async Task InitializeAsync()
    {
        Skip.IfNot(TestDatabase.IsPostgreSql, "Several nodes need a shared PostgreSQL database; set TRAINING_TEST_POSTGRES (as .ci/run does).");
        await _smtp.StartAsync();
        var settings = _smtp.Settings;
        settings["Jobs:RunServer"] = "true";
        settings["Jobs:WorkerCount"] = "4";
        _nodeA = new TrainingApp(new Dictionary<string, string?>(settings), _time);
        _addressA = _nodeA.StartKestrel();
        _nodeB = new TrainingApp(new Dictionary<string, string?>(settings), _time, sameDatabaseAs: _nodeA);
        _addressB = _nodeB.StartKestrel();
    }

    public async Task DisposeAsync()
    {
        if (_nodeB is not null) await _nodeB.DisposeAsync();
        if (_nodeA is not null) await _nodeA.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [SkippableFact]
    public async Task Jobs_enqueued_on_both_nodes_run_on_both_and_each_reminder_and_certificate_happens_once()
    {
        const int participants = 30;
        var completionIds = await _nodeA.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithCapacity(100).SaveAsync(db);
            var ids = new List<int>();
            for (var i = 0; i < participants; i++)
            {
                var completion = await CompletionSeed.SaveAsync(db,
                    new PersonBuilder().Named($"山田{i}", "花子", "やまだ", "はなこ").WithEmail($"hanako{i}@example.jp").Build(), course);
                // Agreed to be contacted, so each certificate is emailed too: once.
                db.Consents.Add(Training.People.Consent.Record(completion.PersonId, Training.People.ConsentPurpose.Contact, true, "連絡に同意します",
                    TestClock.UtcNow, Training.People.ContactChannel.Web));
                ids.Add(completion.Id);
            }
            await db.SaveChangesAsync();
            return ids;
        });

        // Both nodes are asked for everything, twice over: as when a sweep and a retried job race each other.
        foreach (var node in new[] { _nodeA, _nodeB })
        {
            var jobs = node.Services.GetRequiredService<IBackgroundJobClient>();
            foreach (var id in completionIds) jobs.Enqueue<CertificateIssueJob>(job => job.RunAsync(id, CancellationToken.None));
            jobs.Enqueue<ReminderSweepJob>(job => job.RunAsync(CancellationToken.None));
        }
        // Waiting for background workers, not measuring them: the bound only stops a broken run from hanging.
        for (var i = 0; i < 600 && await CertificatesAsync() < participants; i++) await Task.Delay(100);
        for (var round = 0; round < 3; round++)
        {
            foreach (var node in new[] { _nodeA, _nodeB })
                node.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<OutboxDispatchJob>(job => job.RunAsync(CancellationToken.None));
            for (var i = 0; i < 600 && (await PendingEmailsAsync() > 0 || !HangfireIdle()); i++) await Task.Delay(100);
        }

        var serials = await _nodeA.WithDbAsync(db => db.Certificates.OrderBy(c => c.SerialNumber).Select(c => c.SerialNumber).ToListAsync());
        Assert.Equal(Enumerable.Range(1, participants), serials);
        var keys = _smtp.ReceivedKeys();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(participants, keys.Count(k => k.StartsWith("reminder", StringComparison.Ordinal)));
        Assert.Equal(participants, keys.Count(k => k.StartsWith("certificate-issued", StringComparison.Ordinal)));
        Assert.Equal(2, ServersThatRanJobs().Count);
    }

    [SkippableFact]
    public async Task A_sign_in_on_one_node_is_honoured_by_the_other_and_so_is_its_form_token()
    {
        // One browser, two nodes behind a load balancer: the same cookies go to both (cookies ignore the port).
        var cookies = new CookieContainer();
        using var onA = Browser(_addressA, cookies);
        using var onB = Browser(_addressB, cookies);

        var login = await StaffSignInClient.PostLoginAsync(onA, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var staffPageOnB = await onB.GetAsync("/Staff");
        var tokenFromA = StaffSignInClient.AntiforgeryToken(await onA.GetStringAsync("/Staff"));
        var logoutOnB = await onB.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = tokenFromA }));
        var staffPageOnAAfterwards = await onA.GetAsync("/Staff");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, staffPageOnB.StatusCode);
        Assert.Contains("ログアウト", await staffPageOnB.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, logoutOnB.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, staffPageOnAAfterwards.StatusCode);
        Assert.Contains("/Account/Login", staffPageOnAAfterwards.Headers.Location!.ToString());
    }

    private static HttpClient Browser(string address, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };

    [SkippableFact]
    public async Task A_registration_through_one_node_shows_at_once_in_the_other_nodes_cached_schedule()
    {
        await _nodeA.WithDbAsync(db => new CourseBuilder().WithSessions(1, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db));
        var courseId = await _nodeA.WithDbAsync(db => db.Courses.Select(c => c.Id).SingleAsync());
        using var residentOnB = new HttpClient { BaseAddress = new Uri(_addressB) };
        Assert.Contains("空き 20席", await residentOnB.GetStringAsync("/Schedule?month=2026-12"));
        Assert.Contains("空き 20席", await residentOnB.GetStringAsync("/Schedule?month=2026-12"));

        using var residentOnA = new HttpClient { BaseAddress = new Uri(_addressA) };
        var registered = await residentOnA.PostAsJsonAsync($"/api/v1/courses/{courseId}/registrations", new
        {
            familyName = "山田", givenName = "花子", familyNameKana = "やまだ", givenNameKana = "はなこ", phone = "0551-22-0001", consent = true,
        });
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());

        // Node A tells node B through PostgreSQL (NOTIFY); waiting for that message, not timing it: the bound (30 s) only
        // stops a broken run from hanging on a loaded CI machine.
        var page = "";
        for (var i = 0; i < 600 && !page.Contains("空き 19席"); i++)
        {
            page = await residentOnB.GetStringAsync("/Schedule?month=2026-12");
            if (!page.Contains("空き 19席")) await Task.Delay(50);
        }
        Assert.Contains("空き 19席", page);
    }

    private Task<int> CertificatesAsync() => _nodeA.WithDbAsync(db => db.Certificates.CountAsync());

    private Task<int> PendingEmailsAsync() => _nodeA.WithDbAsync(db =>
        db.OutboundEmails.CountAsync(e => e.Status == EmailStatus.Pending || e.Status == EmailStatus.Sending));

    private bool HangfireIdle()
    {
        var statistics = _nodeA.Services.GetRequiredService<JobStorage>().GetMonitoringApi().GetStatistics();
        return statistics.Enqueued == 0 && statistics.Processing == 0;
    }

    /// <summary>The Hangfire servers that processed the succeeded jobs, read from each job's history.</summary>
    private HashSet<string> ServersThatRanJobs()
    {
        var monitoring = _nodeA.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return monitoring.SucceededJobs(0, 1000)
            .Select(job => monitoring.JobDetails(job.Key).History.FirstOrDefault(h => h.StateName == "Processing"))
            .Where(state => state is not null && state.Data.ContainsKey("ServerId"))
            .Select(state => state!.Data["ServerId"])
            .ToHashSet();
    }
}
