using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Data;
using Training.Notifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>A folder that cannot be written or a full disk is seen where staff look, and the app heals when it is fixed.</summary>
public sealed class StorageFaultTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "training-tests", Guid.NewGuid().ToString("N"));

    public StorageFaultTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A path where no folder can be made, whoever runs the tests (root ignores permissions): it is a file.</summary>
    private string Unwritable()
    {
        var blocker = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(blocker, "");
        return Path.Combine(blocker, "pickup");
    }

    [Fact]
    public async Task Readiness_is_unhealthy_and_names_the_pickup_folder_when_it_cannot_be_written()
    {
        var pickup = Unwritable();
        using var app = new TrainingApp(new Dictionary<string, string?> { ["Email:PickupDirectory"] = pickup });

        var response = await app.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var storage = report.RootElement.GetProperty("checks").GetProperty("storage");
        Assert.Equal("Unhealthy", storage.GetProperty("status").GetString());
        Assert.Contains(pickup, storage.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Mail_that_cannot_be_written_waits_with_the_reason_on_its_row_and_goes_once_the_folder_is_fixed()
    {
        var pickup = Unwritable();
        using var app = new TrainingApp(new Dictionary<string, string?> { ["Email:PickupDirectory"] = pickup });
        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().QueueAsync(new EmailRequest("test:unwritable", "test-message", "ja", "resident@example.jp", "山田 花子",
                new TestEmail("職員", "今")));

        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync();
        var waiting = await app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().SingleAsync());
        File.Delete(Path.GetDirectoryName(pickup)!);
        await app.WithDbAsync(db => db.OutboundEmails.ExecuteUpdateAsync(s => s.SetProperty(e => e.NextAttemptAt, TestClock.UtcNow.AddMinutes(-1))));
        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync();

        Assert.Equal(EmailStatus.Pending, waiting.Status);
        Assert.Null(waiting.ClaimToken);
        Assert.Contains(pickup, waiting.LastError);
        Assert.Equal(EmailStatus.Sent, await app.WithDbAsync(db => db.OutboundEmails.Select(e => e.Status).SingleAsync()));
        Assert.Single(Directory.GetFiles(pickup, "*.eml"));
        Assert.Empty(Directory.GetFiles(pickup, "*.tmp"));
    }

    [Fact]
    public void A_full_SQLite_database_is_recognised_as_out_of_space()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "full.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (x TEXT); PRAGMA max_page_count = 3;";
        command.ExecuteNonQuery();
        command.CommandText = "INSERT INTO t VALUES (zeroblob(100000))";

        var full = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        Assert.True(Training.Storage.FolderHealth.IsOutOfSpace(new DbUpdateException("save failed", full)));
        Assert.False(Training.Storage.FolderHealth.IsOutOfSpace(new InvalidOperationException("something else")));
    }

    [Fact]
    public async Task Starting_with_a_data_folder_that_cannot_be_written_stops_with_one_line_naming_it()
    {
        var web = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src", "Training.Web", "bin"), "Training.Web.dll", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).First();
        var data = Unwritable();
        var start = new ProcessStartInfo("dotnet", [web])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = Path.GetDirectoryName(web)!,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production", ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["Site__DataDirectory"] = data, ["Database__ConnectionString"] = $"Data Source={Path.Combine(_folder, "t.db")}",
                ["Jobs__StoragePath"] = Path.Combine(_folder, "hangfire.db"), ["Email__PickupDirectory"] = Path.Combine(_folder, "pickup"),
                ["Bootstrap__AdminEmail"] = "admin@example.jp", ["Bootstrap__AdminPassword"] = "Start-Test-Passw0rd",
            },
        };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        var lines = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains(data, line);
        Assert.DoesNotContain("   at ", await output);
    }
}
