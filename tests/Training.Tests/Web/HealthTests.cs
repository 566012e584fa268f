using System.Text.Json;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

public sealed class HealthTests : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Health_reports_the_database_job_storage_and_templates()
    {
        var json = await _app.CreateClient().GetStringAsync("/healthz");

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("Healthy", root.GetProperty("status").GetString());
        foreach (var check in new[] { "database", "jobs", "templates" })
            Assert.Equal("Healthy", root.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
    }
}
