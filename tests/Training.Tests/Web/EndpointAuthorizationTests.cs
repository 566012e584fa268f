using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Tests.Infrastructure;
using Training.Web.Hosting;

namespace Training.Tests.Web;

/// <summary>
/// Every endpoint the app maps, taken from its own endpoint metadata: each is either on the short list of public
/// pages below or protected by a staff or a group leader's policy, and anonymous or wrong-role requests to the protected
/// ones are refused: a coordinator on an administrator's page, a group's leader on any staff page or another group's.
/// A new page or API without protection fails here until someone decides it is public.
/// </summary>
public sealed partial class EndpointAuthorizationTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;

    /// <summary>What residents and the public may reach without signing in, by route pattern.</summary>
    private static readonly HashSet<string> Public =
    [
        "", "Index", "Schedule", "Schedule/Index", "Courses/{id:int}", "Courses/{id:int}/Register", "Courses/{id:int}/Received", "My/{token}", "My/{token}/calendar.ics", "My/{token}/Points/{year:int}", "My/{token}/Helper",
        "verify/{code?}", "Unsubscribe/{token}", "Culture", "Error", "Account/Login", "Account/Logout", "Account/AccessDenied", "Account/SetPassword", "Account/LoginWith2fa", "Account/CitySignIn", "Account/Unlock", "My/Recover",
        "api/v1/schedule", "api/v1/courses/{id:int}/registrations", "api/v1/certificates/verify/{code}", "api/v1/areas", "api/v1/programs", "calendar.ics", "Schedule/Pdf",
        "healthz", "health/live", "health/ready", "openapi/{documentName}.json",
        "Activities", "Activities/Index", "Activities/{id:int}", "Activities/Pdf", "api/v1/activities",
        // LINE's servers post here; the signature with the channel secret is checked before anything is read.
        "api/v1/line/webhook",
    ];

    private IReadOnlyList<RouteEndpoint> Endpoints() => _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        // Static files served by MapStaticAssets are the stylesheet and scripts, public by nature.
        .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null)
        .ToList();

    private static string Pattern(RouteEndpoint endpoint) => (endpoint.RoutePattern.RawText ?? "").Trim('/');

    private static string? Policy(RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return null;
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? a.Roles ?? "authenticated").ToList();
        return policies.Contains(StaffSignIn.AdminPolicy) ? StaffSignIn.AdminPolicy : policies.FirstOrDefault();
    }

    [Fact]
    public void Every_endpoint_is_public_by_decision_or_protected_by_a_staff_policy()
    {
        var endpoints = Endpoints();

        var unprotected = endpoints.Where(e => Policy(e) is null && !Public.Contains(Pattern(e))).Select(Pattern).Distinct().ToList();
        var staffPagesOpen = endpoints.Where(e => Pattern(e).StartsWith("Staff", StringComparison.OrdinalIgnoreCase) && Policy(e) is null).Select(Pattern).ToList();

        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} endpoints found; has discovery gone stale?");
        Assert.Empty(unprotected);
        Assert.Empty(staffPagesOpen);
    }

    [Fact]
    public async Task Anonymous_requests_to_every_protected_endpoint_are_sent_to_sign_in_or_refused()
    {
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var failures = new List<string>();
        var protectedEndpoints = Endpoints().Where(e => Policy(e) is not null).ToList();
        Assert.True(protectedEndpoints.Count > 30, $"only {protectedEndpoints.Count} protected endpoints found");

        foreach (var endpoint in protectedEndpoints)
            foreach (var method in Methods(endpoint))
            {
                var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), Url(endpoint)));
                var toLogin = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal);
                if (!toLogin && response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
                    failures.Add($"{method} {Url(endpoint)} → {(int)response.StatusCode}");
            }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task Anonymous_requests_for_a_printed_or_downloaded_list_of_people_are_sent_to_sign_in()
    {
        // A page's handlers share its endpoint, so the endpoint list above does not name them: these hand out copies of residents' data.
        string[] copies =
        [
            "/Staff/Activities/Reengage?handler=Pdf", "/Staff/Activities/Reengage?handler=Csv", "/Staff/Activities/Reengage?handler=Xlsx",
            "/Staff/Calls?handler=Pdf", "/Staff/Points/Export?handler=Csv", "/Staff/Points/Export?handler=Xlsx", "/Staff/Courses/1/Participants?handler=Csv",
        ];
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var failures = new List<string>();

        foreach (var url in copies)
        {
            var response = await client.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.Redirect || !response.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal))
                failures.Add($"{url} → {(int)response.StatusCode}");
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_coordinator_is_refused_every_administrators_endpoint()
    {
        await StaffSignInClient.CreateCoordinatorAsync(_app, "coordinator@example.jp", "Coordinator-Pass-1");
        var client = await StaffSignInClient.SignedInClientAsync(_app, "coordinator@example.jp", "Coordinator-Pass-1");
        var adminOnly = Endpoints().Where(e => Policy(e) == StaffSignIn.AdminPolicy).ToList();
        var failures = new List<string>();

        foreach (var endpoint in adminOnly)
            foreach (var method in Methods(endpoint))
            {
                var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), Url(endpoint)));
                var denied = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));
                if (!denied) failures.Add($"{method} {Url(endpoint)} → {(int)response.StatusCode}");
            }

        Assert.NotEmpty(adminOnly);
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_district_coordinator_reaches_every_person_page_of_their_courses_participants_and_no_other()
    {
        var (participant, stranger) = await _app.WithDbAsync(async db =>
        {
            var mine = new Training.Organisations.Area { Code = "H", Name = "穂坂地区", NameKana = "ほさかちく" };
            var theirs = new Training.Organisations.Area { Code = "T", Name = "竜岡地区", NameKana = "たつおかちく" };
            db.Areas.AddRange(mine, theirs);
            var course = await new CourseBuilder().SaveAsync(db);
            course.Correct(course.Details() with { AreaId = mine.Id });
            var p = new PersonBuilder().Named("竜岡", "花子", "たつおか", "はなこ").InArea(theirs).Build();
            var q = new PersonBuilder().Named("竜岡", "次郎", "たつおか", "じろう").InArea(theirs).Build();
            db.People.Add(q);
            db.Registrations.Add(new RegistrationBuilder().For(course).Of(p).Build());
            await db.SaveChangesAsync();
            return (p.Id, q.Id);
        });
        await StaffSignInClient.CreateCoordinatorAsync(_app, "hosaka@example.jp", "Coordinator-Pass-1");
        await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "hosaka@example.jp");
            db.StaffUserAreas.Add(new Training.Staff.StaffUserArea { StaffUserId = user.Id, AreaId = await db.Areas.Where(a => a.Code == "H").Select(a => a.Id).SingleAsync() });
            await db.SaveChangesAsync();
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, "hosaka@example.jp", "Coordinator-Pass-1");
        // Every page the app maps about one person, found in its own endpoint metadata.
        // Pages about two records at once (the merge comparison) answer by the merge rule, tested with merging.
        var personPages = Endpoints().Where(e => Pattern(e).StartsWith("Staff/People/{id", StringComparison.Ordinal) && Pattern(e).Count(c => c == '{') == 1
                && Methods(e).Contains("GET"))
            .Select(Pattern).Distinct().ToList();
        var failures = new List<string>();

        foreach (var pattern in personPages)
        {
            string For(int id) => "/" + Parameter().Replace(pattern, m => m.Groups["name"].Value == "id" ? id.ToString() : "1");
            var own = await client.GetAsync(For(participant));
            var other = await client.GetAsync(For(stranger));
            bool Denied(HttpResponseMessage r) => r.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
                || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));
            if (Denied(own)) failures.Add($"own participant refused: {For(participant)} → {(int)own.StatusCode}");
            if (!Denied(other) && other.StatusCode != HttpStatusCode.NotFound) failures.Add($"stranger reached: {For(stranger)} → {(int)other.StatusCode}");
        }

        Assert.NotEmpty(personPages);
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_district_coordinator_reaches_every_page_of_their_districts_activities_and_their_records_and_no_other()
    {
        // Every page the app maps about one local activity (and one of its records), found in its own endpoint metadata.
        var (mine, theirs) = await _app.WithDbAsync(async db =>
        {
            var own = new Training.Organisations.Area { Code = "AH", Name = "穂坂活動地区", NameKana = "ほさかかつどうちく" };
            var other = new Training.Organisations.Area { Code = "AT", Name = "竜岡活動地区", NameKana = "たつおかかつどうちく" };
            db.Areas.AddRange(own, other);
            await db.SaveChangesAsync();
            var kind = await db.ActivityKinds.Select(k => k.Id).FirstAsync();
            var person = new PersonBuilder().Named("活動", "記録", "かつどう", "きろく").InArea(own).Build();
            db.People.Add(person);
            var activities = new[] { own, other }.Select(area => Training.Activities.LocalActivity.Create(new Training.Activities.ActivityInput
            {
                Name = $"{area.Name}のサロン", NameKana = "さろん", KindId = kind, AreaId = area.Id, Schedule = "毎月", ContactName = "山田", ContactPhone = "0551-22-1111",
            })).ToList();
            foreach (var activity in activities) activity.AddNeed(new Training.Activities.NeedInput { Helpers = 1 });
            db.LocalActivities.AddRange(activities);
            await db.SaveChangesAsync();
            var records = activities.Select(a => Training.Activities.ActivityRecord.Create(person.Id, a.Id,
                new Training.Activities.RecordInput { Date = new DateOnly(2026, 12, 1), StartTime = new TimeOnly(10 + a.Id % 2 * 3, 0), Minutes = 60 },
                new DateTime(2026, 12, 1, 1 + a.Id % 2 * 3, 0, 0, DateTimeKind.Utc), Training.Activities.RecordSource.Staff, "seed", TestClock.UtcNow)).ToList();
            db.ActivityRecords.AddRange(records);
            await db.SaveChangesAsync();
            return ((activities[0].Id, records[0].Id, activities[0].Needs[0].Id, person.Id), (activities[1].Id, records[1].Id, activities[1].Needs[0].Id, person.Id));
        });
        await StaffSignInClient.CreateCoordinatorAsync(_app, "activities-hosaka@example.jp", "Coordinator-Pass-1");
        await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "activities-hosaka@example.jp");
            db.StaffUserAreas.Add(new Training.Staff.StaffUserArea { StaffUserId = user.Id, AreaId = await db.Areas.Where(a => a.Code == "AH").Select(a => a.Id).SingleAsync() });
            await db.SaveChangesAsync();
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, "activities-hosaka@example.jp", "Coordinator-Pass-1");
        var activityPages = Endpoints().Where(e => Pattern(e).StartsWith("Staff/Activities/{id", StringComparison.Ordinal) && Methods(e).Contains("GET"))
            .Select(Pattern).Distinct().ToList();
        var failures = new List<string>();

        foreach (var pattern in activityPages)
        {
            string For((int Activity, int Record, int Need, int Person) ids) => "/" + Parameter().Replace(pattern, m => m.Groups["name"].Value switch
            {
                "id" => ids.Activity.ToString(),
                "recordId" => ids.Record.ToString(),
                "needId" => ids.Need.ToString(),
                "personId" => ids.Person.ToString(),
                _ => "1",
            });
            var own = await client.GetAsync(For(mine));
            var other = await client.GetAsync(For(theirs));
            bool Denied(HttpResponseMessage r) => r.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
                || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));
            if (own.StatusCode != HttpStatusCode.OK) failures.Add($"own district's activity: {For(mine)} → {(int)own.StatusCode}");
            if (!Denied(other) && other.StatusCode != HttpStatusCode.NotFound) failures.Add($"another district's activity: {For(theirs)} → {(int)other.StatusCode}");
        }

        Assert.Contains(activityPages, p => p.Contains("{recordId", StringComparison.Ordinal));
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_district_coordinator_imports_and_corrects_points_brought_in_only_for_the_helpers_they_reach()
    {
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<Training.Activities.Points>().SetEnabledAsync(true, Training.People.Actor.System);
        var (mine, theirs) = await _app.WithDbAsync(async db =>
        {
            var own = new Training.Organisations.Area { Code = "PH", Name = "穂坂ポイント地区", NameKana = "ほさかぽいんとちく" };
            var other = new Training.Organisations.Area { Code = "PT", Name = "竜岡ポイント地区", NameKana = "たつおかぽいんとちく" };
            db.Areas.AddRange(own, other);
            var people = new[] { own, other }.Select(a => new PersonBuilder().Named("移行", a.Code, "いこう", "ぶん").InArea(a).Build()).ToList();
            db.People.AddRange(people);
            await db.SaveChangesAsync();
            var entries = people.Select(p => Training.Activities.PointCarryover.Create(p.Id, new Training.Activities.PointCarryoverInput { Date = new DateOnly(2026, 9, 30), Points = 500 },
                2026, new DateOnly(2026, 12, 7), $"batch-{p.Id}", null, TestClock.UtcNow)).ToList();
            db.PointCarryovers.AddRange(entries);
            await db.SaveChangesAsync();
            return ((Person: people[0].Id, Entry: entries[0].Id, Batch: entries[0].BatchId), (Person: people[1].Id, Entry: entries[1].Id, Batch: entries[1].BatchId));
        });
        await StaffSignInClient.CreateCoordinatorAsync(_app, "points-hosaka@example.jp", "Coordinator-Pass-1");
        await _app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "points-hosaka@example.jp");
            db.StaffUserAreas.Add(new Training.Staff.StaffUserArea { StaffUserId = user.Id, AreaId = await db.Areas.Where(a => a.Code == "PH").Select(a => a.Id).SingleAsync() });
            await db.SaveChangesAsync();
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, "points-hosaka@example.jp", "Coordinator-Pass-1");
        var importPage = await client.GetAsync("/Staff/Points/Import");
        var html = await importPage.Content.ReadAsStringAsync();
        var token = StaffSignInClient.AntiforgeryToken(html);
        Task<HttpResponseMessage> Post(string url, string reason) =>
            client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["Reason"] = reason, ["__RequestVerificationToken"] = token }));

        var own = await client.GetAsync($"/Staff/People/{mine.Person}/CarriedPoints?entry={mine.Entry}");
        var other = await client.GetAsync($"/Staff/People/{theirs.Person}/CarriedPoints?entry={theirs.Entry}");
        var otherThroughOwn = await client.GetAsync($"/Staff/People/{mine.Person}/CarriedPoints?entry={theirs.Entry}");
        var cancelOther = await Post($"/Staff/People/{theirs.Person}/CarriedPoints?entry={theirs.Entry}&handler=Cancel", "まちがい");
        var cancelThroughOwn = await Post($"/Staff/People/{mine.Person}/CarriedPoints?entry={theirs.Entry}&handler=Cancel", "まちがい");
        var takeBackOther = await Post($"/Staff/Points/Import?handler=TakeBack&batchId={theirs.Batch}", "まちがい");

        static string Answer(HttpResponseMessage r) => r.StatusCode is HttpStatusCode.Forbidden
            || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal)) ? "denied" : $"{(int)r.StatusCode}";
        Assert.Equal(HttpStatusCode.OK, importPage.StatusCode);
        // The earlier imports listed are those of the helpers the coordinator reaches: one entry of 500, not both.
        Assert.Contains("1人分、1件、数えているのは500ポイント", System.Net.WebUtility.HtmlDecode(html));
        Assert.DoesNotContain($"batchId={theirs.Batch}", html);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(["denied", "404", "denied", "404", "denied"], new[] { other, otherThroughOwn, cancelOther, cancelThroughOwn, takeBackOther }.Select(Answer));
        Assert.False(await _app.WithDbAsync(db => db.PointCarryovers.AnyAsync(c => c.Id == theirs.Entry && c.CancelledAt != null)));
    }

    /// <summary>Refused: 403, or sent to the access-denied page or to sign in.</summary>
    private static bool Denied(HttpResponseMessage r) => r.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
        || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString is var to
            && (to.Contains("/Account/AccessDenied", StringComparison.Ordinal) || to.Contains("/Account/Login", StringComparison.Ordinal)));

    [Fact]
    public async Task A_group_leader_is_refused_every_staff_and_administrators_endpoint()
    {
        var seed = await Training.Tests.Leaders.LeaderGroupsSeed.SaveAsync(_app, "E1");
        await StaffSignInClient.CreateLeaderAsync(_app, "leader-staff@example.jp", "Leader-Pass-12345", seed.ClubGroup);
        var client = await StaffSignInClient.SignedInClientAsync(_app, "leader-staff@example.jp", "Leader-Pass-12345");
        var staffEndpoints = Endpoints().Where(e => Policy(e) is StaffSignIn.StaffPolicy or StaffSignIn.AdminPolicy).ToList();
        var failures = new List<string>();

        foreach (var endpoint in staffEndpoints)
            foreach (var method in Methods(endpoint))
            {
                var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), Url(endpoint)));
                if (!Denied(response)) failures.Add($"{method} {Url(endpoint)} → {(int)response.StatusCode}");
            }
        var jobs = await client.GetAsync(Training.Configuration.SiteLinks.JobsDashboard);

        Assert.Contains(staffEndpoints, e => Pattern(e).StartsWith("Staff/Activities/{id:int}/Leaders", StringComparison.Ordinal));
        Assert.Contains(staffEndpoints, e => Pattern(e) == "Staff/Leaders");
        Assert.Contains(staffEndpoints, e => Pattern(e).StartsWith("Staff/Leaders/{kind}/{groupId:int}/Approvals", StringComparison.Ordinal));
        Assert.True(staffEndpoints.Count > 30, $"only {staffEndpoints.Count} staff endpoints found");
        Assert.Empty(failures);
        Assert.NotEqual(HttpStatusCode.OK, jobs.StatusCode);
    }

    [Fact]
    public async Task A_group_leader_reaches_every_leader_page_of_their_group_and_none_of_another_group_by_its_id()
    {
        var seed = await Training.Tests.Leaders.LeaderGroupsSeed.SaveAsync(_app, "E2");
        await StaffSignInClient.CreateLeaderAsync(_app, "leader-pages@example.jp", "Leader-Pass-12345", seed.ClubGroup);
        var client = await StaffSignInClient.SignedInClientAsync(_app, "leader-pages@example.jp", "Leader-Pass-12345");
        // Every leader page, found in the app's own endpoint metadata; an id is a session's (the one kind of id they take so far).
        var leaderPages = Endpoints().Where(e => Pattern(e).StartsWith("Lead", StringComparison.Ordinal) && Methods(e).Contains("GET")).ToList();
        var failures = new List<string>();
        // The records pages' ids are activity records': one at the club's linked local activity, one at another group's (deliver 4).
        var (ownRecord, otherRecord) = await LeaderRecordsAsync(seed);

        foreach (var pattern in leaderPages.Select(Pattern).Distinct())
        {
            string For(int session) => "/" + Parameter().Replace(pattern, m => m.Groups["name"].Value == "id" ? session.ToString() : "x");
            var records = pattern.StartsWith("Lead/Records", StringComparison.Ordinal);
            var (ownId, otherId) = records ? (ownRecord, otherRecord) : (seed.NextSession, seed.SalonSession);
            var own = await client.GetAsync(For(ownId));
            if (own.StatusCode != HttpStatusCode.OK) failures.Add($"own group: {For(ownId)} → {(int)own.StatusCode}");
            if (!pattern.Contains('{')) continue;
            var other = await client.GetAsync(For(otherId));
            if (!Denied(other) && other.StatusCode != HttpStatusCode.NotFound) failures.Add($"another group's: {For(otherId)} → {(int)other.StatusCode}");
        }

        Assert.All(leaderPages, e => Assert.Equal(StaffSignIn.LeaderPolicy, Policy(e)));
        Assert.Contains(leaderPages, e => Pattern(e).Contains("{id", StringComparison.Ordinal));
        // Taking attendance and printing the sign-in sheet (deliver 3) are among them.
        Assert.Contains(leaderPages, e => Pattern(e) == "Lead/Sessions/{id:int}/Roster");
        Assert.Contains(leaderPages, e => Pattern(e) == "Lead/Sessions/{id:int}/SignInSheet");
        // The group's activity records (deliver 4).
        Assert.Contains(leaderPages, e => Pattern(e) == "Lead/Records");
        Assert.Contains(leaderPages, e => Pattern(e) == "Lead/Records/Session");
        Assert.Contains(leaderPages, e => Pattern(e) == "Lead/Records/{id:int}/Edit");
        // Planning the group's sessions, and moving or cancelling one (deliver 2).
        Assert.Contains(leaderPages, e => Pattern(e) == "Lead/Plan");
        Assert.Contains(leaderPages, e => Pattern(e) == "Lead/Sessions/{id:int}/Change");
        Assert.Empty(failures);
    }

    /// <summary>An activity record at the club's local activity and one at another group's (the 居場所 of 竜岡), by id.</summary>
    private Task<(int Own, int Other)> LeaderRecordsAsync(Training.Tests.Leaders.LeaderGroupsSeed seed) => _app.WithDbAsync(async db =>
    {
        var person = new PersonBuilder().Named("記録", "権限", "きろく", "けんげん").Build();
        db.People.Add(person);
        await db.SaveChangesAsync();
        var day = new DateOnly(2026, 12, 1);
        Training.Activities.ActivityRecord At(int activity, int hour) => Training.Activities.ActivityRecord.Create(person.Id, activity,
            new Training.Activities.RecordInput { Date = day, StartTime = new TimeOnly(hour, 0), Minutes = 60 }, day.ToDateTime(new TimeOnly(hour, 0)).AddHours(-9),
            Training.Activities.RecordSource.Staff, "seed", TestClock.UtcNow);
        var (own, other) = (At(seed.ClubActivity, 9), At(seed.Ibasho, 13));
        db.ActivityRecords.AddRange(own, other);
        await db.SaveChangesAsync();
        return (own.Id, other.Id);
    });

    [Fact]
    public async Task A_coordinator_of_another_district_can_neither_create_nor_revoke_the_leaders_of_a_group_outside_their_districts()
    {
        var seed = await Training.Tests.Leaders.LeaderGroupsSeed.SaveAsync(_app, "E3");
        var leaderId = await StaffSignInClient.CreateLeaderAsync(_app, "leader-kept@example.jp", "Leader-Pass-12345", seed.ClubGroup);
        await StaffSignInClient.CreateCoordinatorAsync(_app, "leaders-tatsuoka@example.jp", "Coordinator-Pass-1", seed.Tatsuoka);
        var client = await StaffSignInClient.SignedInClientAsync(_app, "leaders-tatsuoka@example.jp", "Coordinator-Pass-1");
        // The token from a page they may open: what refuses is the group's district, not a missing token.
        var token = StaffSignInClient.AntiforgeryToken(await client.GetStringAsync($"/Staff/Programs/{seed.Salon}/Leaders"));
        // Every page that keeps a group's leaders, found in the app's own endpoint metadata, with the club (穂坂) as its group.
        var leaderPages = Endpoints().Where(e => Pattern(e).StartsWith("Staff/", StringComparison.Ordinal) && Pattern(e).EndsWith("}/Leaders", StringComparison.Ordinal))
            .Select(Pattern).Distinct().ToList();
        var failures = new List<string>();

        foreach (var pattern in leaderPages)
        {
            var url = "/" + Parameter().Replace(pattern, _ => (pattern.StartsWith("Staff/Activities", StringComparison.Ordinal) ? seed.ClubActivity : seed.Club).ToString());
            foreach (var (handler, fields) in new (string, Dictionary<string, string>)[]
                     {
                         ("Invite", new() { ["Input.DisplayName"] = "よそ者", ["Input.Email"] = $"outsider-{pattern.Length}@example.jp", ["SendInvitation"] = "false" }),
                         ("Revoke", new() { ["userId"] = leaderId }),
                         ("Link", new() { ["userId"] = leaderId, ["sendByEmail"] = "false" }),
                         ("Reinstate", new() { ["userId"] = leaderId }),
                         ("ResetTwoFactor", new() { ["userId"] = leaderId }),
                     })
            {
                fields["__RequestVerificationToken"] = token;
                var response = await client.PostAsync($"{url}?handler={handler}", new FormUrlEncodedContent(fields));
                if (!Denied(response)) failures.Add($"POST {url}?handler={handler} → {(int)response.StatusCode}");
            }
            var list = await client.GetAsync(url);
            if (!Denied(list)) failures.Add($"GET {url} → {(int)list.StatusCode}");
        }

        Assert.Equal(2, leaderPages.Count);
        Assert.Empty(failures);
        Assert.False(await _app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email!.StartsWith("outsider-"))));
        Assert.True(await _app.WithDbAsync(db => db.GroupLeaders.AnyAsync(l => l.StaffUserId == leaderId && l.RevokedAt == null)));
    }

    [Fact]
    public async Task A_coordinator_of_another_district_sees_no_group_outside_their_districts_on_the_leaders_overview()
    {
        var seed = await Training.Tests.Leaders.LeaderGroupsSeed.SaveAsync(_app, "E4");
        await StaffSignInClient.CreateLeaderAsync(_app, "leader-overseen@example.jp", "Leader-Pass-12345", seed.ClubGroup, "穂坂 見守");
        await StaffSignInClient.CreateLeaderAsync(_app, "leader-salon-overseen@example.jp", "Leader-Pass-12345", seed.SalonGroup, "竜岡 見守");
        await StaffSignInClient.CreateCoordinatorAsync(_app, "overview-tatsuoka@example.jp", "Coordinator-Pass-1", seed.Tatsuoka);
        var client = await StaffSignInClient.SignedInClientAsync(_app, "overview-tatsuoka@example.jp", "Coordinator-Pass-1");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Staff/Leaders"));

        Assert.Contains("竜岡 見守", page);
        Assert.DoesNotContain("穂坂 見守", page);
        Assert.DoesNotContain(Training.Tests.Leaders.LeaderGroupsSeed.ClubName, page);
    }

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["GET", "POST"];

    /// <summary>The pattern with a sample value for each parameter (an id of 1, a token of "x").</summary>
    private static string Url(RouteEndpoint endpoint) =>
        "/" + Parameter().Replace(Pattern(endpoint), m => m.Groups["constraint"].Value.Contains("int") ? "1" : "x");

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z]+)(?<constraint>[^}]*)\}")]
    private static partial Regex Parameter();
}
