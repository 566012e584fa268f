using System.Diagnostics;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>
/// The built app started as an operator starts it (<c>dotnet Training.Web.dll</c> with settings in the environment)
/// in a fresh folder: a wrong setting ends it with exit code 1 and one line naming the key, no stack trace, and nothing
/// written — no database, no administrator, no one-time password printed and then lost.
/// </summary>
public sealed class StartupProcessTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "training-tests", "start-" + Guid.NewGuid().ToString("N"));

    public StartupProcessTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("Jobs__Schedules__reminder-sweep", "99 99 * * *", "Jobs:Schedules:reminder-sweep '99 99 * * *' is not a cron expression")]
    [InlineData("Certificates__Layout", "missing", "Certificates:Layout 'missing' has no file")]
    [InlineData("Jobs__WorkerCount", "many", "'many' at 'Jobs:WorkerCount'")]
    public async Task A_wrong_setting_ends_the_start_with_one_line_naming_the_key_and_nothing_written(string variable, string value, string expected)
    {
        var (exitCode, errors, output) = await StartAsync(new() { [variable] = value });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", errors + output);
        Assert.DoesNotContain("password", output, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public async Task Two_wrong_settings_are_each_named_on_a_line_of_their_own()
    {
        var (exitCode, errors, _) = await StartAsync(new() { ["Smtp__Port"] = "0", ["Certificates__Layout"] = "missing" });

        Assert.Equal(1, exitCode);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, line => line.Contains("Smtp:Port"));
        Assert.Contains(lines, line => line.Contains("Certificates:Layout"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    private async Task<(int ExitCode, string Errors, string Output)> StartAsync(Dictionary<string, string> settings)
    {
        var web = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src", "Training.Web", "bin"), "Training.Web.dll", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).First();
        var data = Path.Combine(_folder, "data");
        var start = new ProcessStartInfo("dotnet", [web])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = Path.GetDirectoryName(web)!,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production", ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["Site__DataDirectory"] = data, ["Database__ConnectionString"] = $"Data Source={Path.Combine(data, "training.db")}",
                ["Jobs__StoragePath"] = Path.Combine(data, "hangfire.db"), ["Email__PickupDirectory"] = Path.Combine(data, "pickup"),
                // No password given: a start that got as far as the first administrator would print a generated one.
                ["Bootstrap__AdminEmail"] = "admin@example.jp",
            },
        };
        foreach (var (key, value) in settings) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await errors, await output);
    }
}
