using Microsoft.Playwright;

namespace Training.BrowserTests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (which cannot download a browser here). Where Chromium is missing the
/// tests skip with a message, unless TRAINING_REQUIRE_BROWSER=1 (set by .ci/run), when they fail instead.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public IPlaywright? Playwright { get; private set; }
    public IBrowser? Instance { get; private set; }
    public string? MissingReason { get; private set; }

    public static string? ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : Candidates.FirstOrDefault(File.Exists);

    public static bool Required => Environment.GetEnvironmentVariable("TRAINING_REQUIRE_BROWSER") == "1";

    public async Task InitializeAsync()
    {
        var path = ExecutablePath;
        if (path is null || !File.Exists(path))
        {
            MissingReason = "Chromium not found (install Debian's chromium package or set CHROMIUM_PATH); browser tests skipped.";
            if (Required) throw new InvalidOperationException("TRAINING_REQUIRE_BROWSER=1 but " + MissingReason);
            return;
        }
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Instance = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            // This machine has no network but loopback: keep Chromium from trying to phone home.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public void SkipIfMissing() => Skip.If(Instance is null, MissingReason);

    public async Task<IPage> NewPageAsync(string baseUrl, ViewportSize viewport)
    {
        SkipIfMissing();
        var context = await Instance!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = viewport,
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Instance is not null) await Instance.DisposeAsync();
        Playwright?.Dispose();
    }

    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    public static readonly ViewportSize Tablet = new() { Width = 820, Height = 1180 };

    /// <summary>Runs a browser scenario; on failure keeps a screenshot of what the page showed, then fails.</summary>
    public static async Task ScenarioAsync(IPage page, string name, Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch
        {
            await ScreenshotAsync(page, "FAILED-" + name);
            throw;
        }
    }

    /// <summary>Signs in as the test administrator through the sign-in page, as staff do.</summary>
    public static async Task SignInAsAdminAsync(IPage page)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("メールアドレス").FillAsync(Training.Tests.Infrastructure.TrainingApp.AdminEmail);
        await page.GetByLabel("パスワード").FillAsync(Training.Tests.Infrastructure.TrainingApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await ExpectPathAsync(page, "/Staff");
    }

    /// <summary>
    /// Waits until the page shows the given path. Polls the URL instead of calling WaitForURLAsync, which can miss the
    /// load event it waits for when the URL already matches (microsoft/playwright-dotnet#3364) and then times out.
    /// </summary>
    public static Task ExpectPathAsync(IPage page, string path) =>
        Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^[^?#]*" + System.Text.RegularExpressions.Regex.Escape(path) + "([?#].*)?$"));

    /// <summary>Saves a full-page screenshot under TestResults/screenshots so a person can look at what the test saw.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Path.Combine(Training.Tests.Infrastructure.RepositoryPaths.Root, "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }
}

/// <summary>
/// The demo site, seeded once for the whole browser collection and served on one loopback port, for the tests that only
/// look at its pages (seeding it costs seconds; each of those tests used to seed its own).
/// </summary>
public sealed class DemoSite : IDisposable
{
    private readonly Lazy<string> _baseUrl;

    public DemoSite() => _baseUrl = new(() => App.StartKestrel());

    public Training.Tests.Infrastructure.TrainingApp App { get; } = new(new Dictionary<string, string?> { ["Bootstrap:SeedDemo"] = "true" });

    /// <summary>The site's address, served from the first time a test asks.</summary>
    public string BaseUrl => _baseUrl.Value;

    public void Dispose() => App.Dispose();
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Browser>, ICollectionFixture<DemoSite>
{
    public const string Name = "browser";
}
