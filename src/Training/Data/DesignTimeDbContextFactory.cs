using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Training.Configuration;

namespace Training.Data;

/// <summary>
/// Lets `dotnet ef migrations add` build the model without starting the web app. SQLite by default; add
/// `-- --provider PostgreSql` (with `--project src/Training.PostgreSql`) for PostgreSQL's migrations.
/// </summary>
public class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<TrainingDbContext>
{
    public TrainingDbContext CreateDbContext(string[] args)
    {
        var postgres = args.SkipWhile(a => a != "--provider").Skip(1).FirstOrDefault() is { } provider
                       && provider.Equals(DatabaseOptions.PostgreSql, StringComparison.OrdinalIgnoreCase);
        var database = postgres
            ? new DatabaseOptions { Provider = DatabaseOptions.PostgreSql, ConnectionString = "Host=localhost;Database=design_time" }
            : new DatabaseOptions { ConnectionString = "Data Source=design-time.db" };
        var options = new DbContextOptionsBuilder<TrainingDbContext>();
        options.UseTrainingDatabase(database);
        return new TrainingDbContext(options.Options);
    }
}
