using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Training.Web.Hosting;

namespace Training.Benchmarks;

/// <summary>The application's own services on a SQLite file in a folder, with no web server and no job server.</summary>
public static class BenchmarkHost
{
    public static WebApplication Build(string directory, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(directory, "training.db")}",
            ["Jobs:StoragePath"] = Path.Combine(directory, "hangfire.db"),
            ["Jobs:RunServer"] = "false",
            ["Site:DataDirectory"] = Path.Combine(directory, "data"),
            ["Templates:Directory"] = Paths.Templates,
            ["Bootstrap:AdminPassword"] = "Benchmark-Admin-Passw0rd",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        // The same steps as Program.cs.
        builder.AddTrainingOptions();
        builder.AddTrainingData();
        builder.AddStaffSignIn();
        builder.AddTrainingEmail();
        builder.AddTrainingFeatures();
        builder.AddTrainingJobs();
        builder.AddTrainingWeb();
        return builder.Build();
    }
}
