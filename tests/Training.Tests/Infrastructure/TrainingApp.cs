using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Data;

namespace Training.Tests.Infrastructure;

/// <summary>
/// The real application on a real SQLite file in a temporary folder, with Hangfire's own SQLite file beside it, or
/// on a new PostgreSQL database of its own when the suite runs on PostgreSQL (<see cref="TestDatabase"/>).
/// Each test makes its own, so no test sees another's data.
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
    {
        Directory = Path.Combine(Path.GetTempPath(), "training-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Time = time;
        _ownsDatabase = sameDatabaseAs is null;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = TestDatabase.Provider,
            ["Database:ConnectionString"] = sameDatabaseAs?.ConnectionString ?? TestDatabase.Create(Directory),
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
        };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
    }

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
        if (Time is not null)
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

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
