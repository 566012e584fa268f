using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Training.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the web app.</summary>
public class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<TrainingDbContext>
{
    public TrainingDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TrainingDbContext>()
            .UseSqlite("Data Source=design-time.db")
            .Options;
        return new TrainingDbContext(options);
    }
}
