using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Data;

namespace Training.Tests.Infrastructure;

/// <summary>
/// The real application on a real SQLite file in a temporary folder, with Hangfire's own SQLite file beside it, or
/// on a new PostgreSQL database of its own when the suite runs on PostgreSQL (<see cref="TestDatabase"/>).
/// Each test (or test class, through a class fixture) makes its own, so no test sees another's data.
/// </summary>
public sealed class TrainingApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.example.jp";
    public const string AdminPassword = "Test-Admin-Passw0rd";

    // Every app watches its content and configuration files; dozens of apps in one test run would exhaust the
    // machine's inotify instances (128 by default), so files are polled instead.
    static TrainingApp() => System.Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");

    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDatabase;

    /// <param name="sameDatabaseAs">Another app whose database and data folder this one shares: a second node.</param>
    public TrainingApp(Dictionary<string, string?>? settings = null, FakeTimeProvider? time = null, TrainingApp? sameDatabaseAs = null)
        : this(settings, time, sameDatabaseAs, ownsDatabase: sameDatabaseAs is null)
    {
    }

    private TrainingApp(Dictionary<string, string?>? settings, FakeTimeProvider? time, TrainingApp? sameDatabaseAs, bool ownsDatabase)
    {
        Directory = Path.Combine(Path.GetTempPath(), "training-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Time = time;
        _ownsDatabase = ownsDatabase;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = TestDatabase.Provider,
            ["Jobs:StoragePath"] = Path.Combine(Directory, "hangfire.db"),
            ["Jobs:RunServer"] = "false",
            ["Email:PickupDirectory"] = Path.Combine(Directory, "pickup"),
            ["Email:RetryBaseSeconds"] = "60",
            ["Bootstrap:AdminEmail"] = AdminEmail,
            ["Bootstrap:AdminPassword"] = AdminPassword,
            ["Bootstrap:SeedDemo"] = "false",
            // Most tests read a certificate as soon as it is due; the hold itself has its own tests.
            ["Certificates:HoldNights"] = "0",
            ["Site:DataDirectory"] = sameDatabaseAs?._settings["Site:DataDirectory"] ?? Path.Combine(Directory, "data"),
            // Tests post many forms from one address; the limiter itself is tested with low limits.
            ["RateLimits:PublicFormsPerMinute"] = "100000",
            ["RateLimits:SignInPerMinute"] = "100000",
            ["RateLimits:VerificationsPerMinute"] = "100000",
            // Each app's meter provider listens to the instruments of every app alive in the process and keeps some
            // 150 KB per instrument: with dozens of apps alive that grew quadratically to gigabytes and the kernel
            // ended the run. Only the tests of the metrics themselves turn them on.
            ["Observability:MetricsEnabled"] = "false",
        };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
        if (sameDatabaseAs is not null)
            _settings["Database:ConnectionString"] = sameDatabaseAs.ConnectionString;
        else if (!_settings.ContainsKey("Database:ConnectionString"))
        {
            if (ownsDatabase && StartsAsUsual(settings))
            {
                _settings["Database:ConnectionString"] = TestDatabase.CreateStarted(Directory, _settings["Jobs:StoragePath"]!);
                // The copy is migrated already (the template was, by this build): EF's check that nothing is pending
                // costs some 150 ms a start, nearly half of it. Migrating itself is tested on empty databases.
                _settings["Database:MigrateOnStart"] = "false";
            }
            else _settings["Database:ConnectionString"] = TestDatabase.Create(Directory);
        }
    }

    /// <summary>
    /// Whether this app's first start would write what every other test app's first start writes (the same first
    /// administrator hashed the same way, Hangfire's tables and recurring jobs with no server running them): then it starts on a copy of a
    /// database on which the app has already started once (<see cref="TestDatabase.CreateStarted"/>), and skips the
    /// migrations and the administrator's password hashing. Tests of start-up itself set something else and start empty.
    /// </summary>
    private static bool StartsAsUsual(Dictionary<string, string?>? settings) =>
        settings is null || !settings.Keys.Any(key =>
            key.StartsWith("Bootstrap:", StringComparison.OrdinalIgnoreCase) ||
            key.StartsWith("Database:", StringComparison.OrdinalIgnoreCase) ||
            key.StartsWith("Jobs:", StringComparison.OrdinalIgnoreCase) ||
            key == ProductionPasswordHashing);

    /// <summary>Starts the app once on the given database and leaves it there (for <see cref="TestDatabase"/>'s template).</summary>
    internal static void StartOnce(string connectionString, string jobsStoragePath)
    {
        using var app = new TrainingApp(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = connectionString,
            ["Jobs:StoragePath"] = jobsStoragePath,
        }, time: null, sameDatabaseAs: null, ownsDatabase: false);
        _ = app.Services;
    }

    /// <summary>Services a test adds or replaces (a handler trusting a loopback provider's certificate); set before the app starts.</summary>
    public Action<IServiceCollection>? MoreTestServices { get; init; }

    public string Directory { get; }
    public FakeTimeProvider? Time { get; }
    public string PickupDirectory => _settings["Email:PickupDirectory"]!;
    public string ConnectionString => _settings["Database:ConnectionString"]!;
    public string Setting(string key) => _settings[key]!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // UseSetting reaches the configuration before Program reads it, unlike ConfigureAppConfiguration.
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            // Fixed dates in tests stay in the future on the test clock (TestClock), whatever today is.
            if (Time is not null) services.AddSingleton<TimeProvider>(Time);
            else if (_settings.GetValueOrDefault(RealClock) != "true") services.AddSingleton<TimeProvider>(TestClock.Instance);
            // One Entity Framework service provider for every test app in the run: otherwise each app builds its own,
            // and with it the model and every query it runs, again (some 30 ms a start and more per page). Its
            // services are the provider's alone; logging still goes to each app's own loggers.
            if (_settings["Database:Provider"] == TestDatabase.Provider)
                services.ConfigureDbContext<TrainingDbContext>(options => options.UseInternalServiceProvider(EntityFramework.Value));
            // Identity's work factor for staff passwords (100,000 rounds, which production keeps: see PasswordHashingTests)
            // costs some 50 ms a hash here, and the suite signs in and fails passwords hundreds of times. What the tests
            // check never depends on that cost; the sign-in timing is measured by benchmarks/sign-in/run.sh.
            if (_settings.GetValueOrDefault(ProductionPasswordHashing) != "true")
                services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1_000);
            MoreTestServices?.Invoke(services);
        });
    }

    /// <summary>
    /// A test-only setting: "true" runs this app on the real clock instead of <see cref="TestClock"/>, for tests with an
    /// outside party that checks times against the real one (an identity provider's tokens and their cookies' expiry).
    /// </summary>
    public const string RealClock = "Tests:RealClock";

    private static readonly Lazy<IServiceProvider> EntityFramework = new(() => (TestDatabase.IsPostgreSql
        ? new ServiceCollection().AddEntityFrameworkNpgsql()
        : new ServiceCollection().AddEntityFrameworkSqlite()).BuildServiceProvider());

    /// <summary>A test-only setting: "true" keeps Identity's production password hashing in this app.</summary>
    public const string ProductionPasswordHashing = "Tests:ProductionPasswordHashing";

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    /// <summary>Serves the app on a real loopback port (for a real browser) and returns its base address.</summary>
    public string StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/');
    }

    public async Task<T> WithDbAsync<T>(Func<TrainingDbContext, Task<T>> work)
    {
        await using var scope = Scope();
        return await work(scope.ServiceProvider.GetRequiredService<TrainingDbContext>());
    }

    public async Task WithDbAsync(Func<TrainingDbContext, Task> work)
    {
        await using var scope = Scope();
        await work(scope.ServiceProvider.GetRequiredService<TrainingDbContext>());
    }

    /// <summary>
    /// The work that follows a booking's commit done: the mail it committed as what to send made into messages (the
    /// dispatcher does this first; a test reading a message's text before dispatching waits for it here).
    /// </summary>
    public async Task OutboxPreparedAsync()
    {
        await using var scope = Scope();
        await scope.ServiceProvider.GetRequiredService<Training.Notifications.OutboxPreparer>().PrepareAsync();
    }

    public HttpClient CreateBrowserLikeClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_ownsDatabase) TestDatabase.Drop(ConnectionString);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing background thread; the temp folder is cleaned by the OS.
        }
    }
}
