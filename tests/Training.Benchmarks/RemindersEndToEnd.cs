using System.Diagnostics;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Courses;
using Training.Data;
using Training.Notifications;
using Training.Organisations;
using Training.People;
using Training.Registrations;
using Training.Web.Hosting;

namespace Training.Benchmarks;

/// <summary>
/// Reminders end to end with the application's own services: N people registered for a session tomorrow, the
/// reminder sweep, then the outbox dispatched over SMTP to a real server (Postfix's smtp-sink). Then, for the ratio, the
/// same rows dispatched again alone (pending → delivered, warm), against a plain MailKit loop sending the same N
/// distinct messages, built beforehand, over the same number of connections (warmed up first), in the same run.
///
///   reminders-e2e --people 10000 --smtp 127.0.0.1:2525 [--dispatchers 1] [--connections 1] [--database DIR] [--seed-only]
///
/// --connections sets Email:Connections (each dispatcher sends over that many). With --seed-only it stops after
/// queuing (the fault run then lets the real app send them).
/// </summary>
public static class RemindersEndToEnd
{
    public static async Task RunAsync(string[] args)
    {
        var people = int.Parse(BenchmarkHost.Option(args, "--people") ?? "10000");
        var (host, port) = HostPort(BenchmarkHost.Option(args, "--smtp") ?? "127.0.0.1:2525");
        var dispatchers = int.Parse(BenchmarkHost.Option(args, "--dispatchers") ?? "1");
        var connections = int.Parse(BenchmarkHost.Option(args, "--connections") ?? "1");
        var directory = BenchmarkHost.Option(args, "--database") ?? Directory.CreateTempSubdirectory("training-reminders-").FullName;
        var seedOnly = args.Contains("--seed-only");
        Directory.CreateDirectory(directory);

        await using var app = Build(directory, host, port, connections);
        await app.PrepareAsync([]);
        var clock = app.Services.GetRequiredService<Training.Time.SiteClock>();
        await SeedAsync(app.Services, people, clock);
        Console.WriteLine($"database: {BenchmarkHost.ProviderName}{(BenchmarkHost.PostgresAdmin is null ? $" (synchronous={Synchronous})" : "")}, " +
            $"{dispatchers} dispatcher(s) × Email:Connections {connections}");

        var total = Stopwatch.StartNew();
        var sweeping = Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<SessionReminders>().SweepAsync();
            Console.WriteLine($"sweep: {result.Emails} reminders queued in {total.Elapsed.TotalSeconds:F2} s");
            return result;
        });
        if (seedOnly)
        {
            await sweeping;
            Console.WriteLine($"database left in {directory}");
            return;
        }

        // As in the app, where the sweep enqueues a dispatch after each chunk it commits: sending overlaps the sweep.
        var dispatch = Stopwatch.StartNew();
        await DispatchUntilAsync(app, dispatchers, () => sweeping.IsCompleted);
        var swept = await sweeping;
        var dispatchSeconds = dispatch.Elapsed.TotalSeconds;
        var totalSeconds = total.Elapsed.TotalSeconds;
        var sent = await SentAsync(app);
        Console.WriteLine($"dispatch ({dispatchers} dispatcher(s), alongside the sweep): {sent} of {swept.Emails} sent {dispatchSeconds:F2} s after the start");
        Console.WriteLine($"end to end: {sent} reminders in {totalSeconds:F2} s = {sent / totalSeconds:F0}/s");

        // The dispatcher alone, warm: every row pending again, from claim to delivered.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
            var now = clock.UtcNow;
            await db.OutboundEmails.ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EmailStatus.Pending).SetProperty(e => e.SentAt, (DateTime?)null)
                .SetProperty(e => e.Attempts, 0).SetProperty(e => e.NextAttemptAt, now));
        }
        var alone = Stopwatch.StartNew();
        await DispatchUntilAsync(app, dispatchers, () => true);
        var aloneSeconds = alone.Elapsed.TotalSeconds;
        var resent = await SentAsync(app);
        Console.WriteLine($"dispatch alone: {resent} in {aloneSeconds:F2} s = {resent / aloneSeconds:F0}/s");

        // The plain loop: the same rows as distinct messages, built by our dispatcher beforehand (not counted), sent over
        // the same number of connections after a warm-up.
        List<MimeKit.MimeMessage> messages;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
            var dispatcher = scope.ServiceProvider.GetRequiredService<OutboxDispatcher>();
            messages = (await db.OutboundEmails.AsNoTracking().Include(e => e.Attachments).OrderBy(e => e.Id).ToListAsync()).Select(dispatcher.ToMimeMessage).ToList();
        }
        var loops = dispatchers * connections;
        var clients = await Task.WhenAll(Enumerable.Range(0, loops).Select(_ => ConnectAsync(host, port)));
        await Task.WhenAll(clients.Select(async (client, c) => { foreach (var m in messages.Skip(c * 100).Take(100)) await client.SendAsync(m); }));
        var loop = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async (client, c) =>
        {
            for (var i = c; i < messages.Count; i += loops) await client.SendAsync(messages[i]);
        }));
        var loopSeconds = loop.Elapsed.TotalSeconds;
        foreach (var client in clients)
        {
            await client.DisconnectAsync(true);
            client.Dispose();
        }
        Console.WriteLine($"plain MailKit loop: {messages.Count} distinct messages over {loops} connection(s) in {loopSeconds:F2} s = {messages.Count / loopSeconds:F0}/s");
        Console.WriteLine($"ratio (dispatch alone rate / plain loop rate): {resent / aloneSeconds / (messages.Count / loopSeconds):F2}");
        Console.WriteLine($"message size: {messages[0].ToString().Length / 1024.0:F1} KB");
    }

    private static async Task DispatchUntilAsync(WebApplication app, int dispatchers, Func<bool> sweepDone) =>
        await Task.WhenAll(Enumerable.Range(0, dispatchers).Select(async _ =>
        {
            while (true)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync();
                if (result.Sent == 0 && sweepDone()) break;
                if (result.Sent == 0) await Task.Delay(20);
            }
        }));

    private static async Task<int> SentAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TrainingDbContext>().OutboundEmails.CountAsync(e => e.Status == EmailStatus.Sent);
    }

    private static async Task<SmtpClient> ConnectAsync(string host, int port)
    {
        var client = new SmtpClient();
        // Nagle off, as our transport does: otherwise every message waits ~40 ms for a delayed ACK.
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(host, port);
        await client.ConnectAsync(socket, host, port, SecureSocketOptions.None);
        return client;
    }

    private static string Synchronous => Environment.GetEnvironmentVariable("SQLITE_SYNCHRONOUS") ?? "FULL";

    private static WebApplication Build(string directory, string host, int port, int connections) => BenchmarkHost.Build(directory, new()
    {
        ["Email:Connections"] = connections.ToString(),
        ["Smtp:Host"] = host,
        ["Smtp:Port"] = port.ToString(),
        ["Smtp:Security"] = "None",
        ["Email:BatchSize"] = "500",
        // A benchmark runs whenever it is run: the whole day is the window.
        ["Reminders:WindowStart"] = "00:00",
        ["Reminders:WindowEnd"] = "23:59",
        ["Database:SqliteSynchronous"] = Synchronous,
    });

    /// <summary>A session tomorrow at 10:00 local with every person registered and an email address each.</summary>
    private static async Task SeedAsync(IServiceProvider services, int count, Training.Time.SiteClock clock)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        if (await db.Registrations.AnyAsync()) return;
        var organisation = new Organisation { Name = "韮崎市", Kind = OrganisationKind.City, IssuerTitle = "韮崎市長" };
        var program = new TrainingProgram(new ProgramDetails { Name = "生活支援サポーター養成講座", Kind = ProgramKind.Activity, PlannedSessionCount = 1 }, organisation);
        var start = clock.ToUtc(clock.Today.AddDays(1), new TimeOnly(10, 0));
        var course = new Course(program, organisation, new CourseDetails("令和8年度 第1期", "", "韮崎市民交流センター", "", count, 0, null, null, null));
        course.PlanSession(start, start.AddHours(2), course.Venue, topic: "地域の支え合い");
        db.Courses.Add(course);
        await db.SaveChangesAsync();
        string[] family = ["山田", "佐藤", "髙橋", "山﨑", "渡邊", "𠮷田"];
        for (var i = 0; i < count; i++)
        {
            var person = Person.Create(family[i % family.Length], $"花子{i}", "やまだ", "はなこ", email: $"resident{i}@example.jp", phone: "0551-22-0000");
            var registration = Registration.Of(person, course);
            registration.Place(hasSeat: true, null, ContactChannel.Web, null, DateTime.UtcNow);
            db.Registrations.Add(registration);
            if (i % 1000 == 999) { await db.SaveChangesAsync(); db.ChangeTracker.Clear(); db.Attach(course); }
        }
        await db.SaveChangesAsync();
        // What confirming each registration did when the resident registered: the check-in pass, made once.
        var registrations = await db.Registrations.Select(r => r.Id).ToListAsync();
        var validUntil = start.AddHours(2).AddDays(1);
        var seeding = Stopwatch.StartNew();
        await Parallel.ForEachAsync(registrations, async (id, _) =>
        {
            await using var passScope = services.CreateAsyncScope();
            passScope.ServiceProvider.GetRequiredService<Training.Attendance.CheckInPasses>().For(id, validUntil);
        });
        Console.WriteLine($"registration time (not counted): {count} check-in passes made in {seeding.Elapsed.TotalSeconds:F1} s");
    }


    private static (string Host, int Port) HostPort(string value) => (value[..value.LastIndexOf(':')], int.Parse(value[(value.LastIndexOf(':') + 1)..]));
}
