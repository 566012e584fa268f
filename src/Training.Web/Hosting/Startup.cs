using Training.Configuration;
using Training.Data;
using Training.Storage;
using Training.Demo;
using Training.Jobs;
using Training.Notifications;
using Training.Staff;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Training.Web.Hosting;

public static class Startup
{
    /// <summary>
    /// Every part of the app, in order. The one list, so the app, the tests' hosts and the benchmarks' host cannot
    /// drift apart when a part is added.
    /// </summary>
    public static WebApplicationBuilder AddTraining(this WebApplicationBuilder builder)
    {
        builder.AddTrainingOptions();
        builder.AddTrainingData();
        builder.AddStaffSignIn();
        builder.AddTrainingEmail();
        builder.AddTrainingFeatures();
        builder.AddTrainingJobs();
        builder.AddTrainingNodes();
        builder.AddTrainingWeb();
        builder.AddTrainingObservability();
        return builder;
    }

    /// <summary>
    /// The operator's commands, run instead of the web app: `backup FOLDER` writes a new backup folder under FOLDER
    /// (safe while the app runs); `restore BACKUP` puts one back (stop every node first). Returns true when a command ran.
    /// </summary>
    public static async Task<bool> RunCommandAsync(this WebApplication app, string[] args)
    {
        if (args.Length == 0 || args[0] is not ("backup" or "restore")) return false;
        if (args.Length != 2)
        {
            await Console.Error.WriteLineAsync($"Usage: {args[0]} FOLDER");
            Environment.ExitCode = 2;
            return true;
        }
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        var backups = app.Services.GetRequiredService<Backups>();
        try
        {
            if (args[0] == "backup")
                Console.WriteLine($"Backup written to {await backups.CreateAsync(args[1])}");
            else
            {
                await backups.RestoreAsync(args[1]);
                Console.WriteLine($"Restored from {args[1]}. Start the app: it applies any newer migrations.");
            }
        }
        catch (BackupException ex)
        {
            await Console.Error.WriteLineAsync($"{args[0]} failed: {ex.Message}");
            Environment.ExitCode = 1;
        }
        return true;
    }

    /// <summary>
    /// Prepares the app; a problem that stops it is printed as one line and the process ends with exit code 1.
    /// </summary>
    public static async Task<bool> TryPrepareAsync(this WebApplication app, string[] args)
    {
        try
        {
            await app.PrepareAsync(args);
            return true;
        }
        catch (StartupException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            Environment.ExitCode = 1;
            return false;
        }
    }

    /// <summary>Migrates the database, makes sure there is an administrator, optionally seeds the demo, and registers recurring jobs.</summary>
    public static async Task PrepareAsync(this WebApplication app, string[] args)
    {
        // Validate every options class before anything reads one or anything is written, so a bad setting is reported
        // by its key (one line each, by Program) with no database, administrator or password made.
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Training.Startup");

        // A read-only or full data folder would end in a database error deep inside the first migration: say so plainly.
        var dataFolder = services.GetRequiredService<IOptions<SiteOptions>>().Value.DataDirectory;
        if (Training.Storage.FolderHealth.Problem(dataFolder) is { } problem)
            throw new StartupException($"Training cannot start: the data folder {problem}. Free some space or fix its permissions (Site:DataDirectory).");

        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            try
            {
                await services.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            }
            catch (UnknownSchemaHistoryException ex)
            {
                throw new StartupException("Training cannot start: " + ex.Message);
            }
        }
        await services.GetRequiredService<StaffBootstrapper>().EnsureRolesAndFirstAdminAsync(Console.Out);
        if (await services.GetRequiredService<Training.People.PersonKeys>().RefreshOutdatedAsync() is > 0 and var refreshed)
            logger.LogInformation("Brought the sort keys of {Count} people up to date", refreshed);

        var bootstrap = services.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        var seedYear = args.Contains("--seed-demo-year");
        if (seedYear || args.Contains("--seed-demo") || bootstrap.SeedDemo)
            await services.GetRequiredService<DemoData>().SeedIfEmptyAsync(seedYear ? 6 : bootstrap.DemoDistrictMonths);

        // Create the data-protection key ring now: the first key must not be written from inside a registration's
        // write transaction (SQLite allows one writer; the key store uses its own connection).
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("startup").Protect("ready");

        services.GetRequiredService<RecurringJobs>().Register();
        logger.LogInformation("Email goes to {Transport}", services.GetRequiredService<IMailTransport>().Describe());
        // Residents are told to phone on every page, PDF and email: without a number they are told nothing useful.
        if (!services.GetRequiredService<Training.Organisations.ContactNumbers>().General.IsKnown)
            logger.LogWarning("No contact phone number: residents are told to phone but shown no number. Set the city's number under " +
                              "/Staff/Admin/Organisations, or Site:ContactPhone");
    }
}

/// <summary>Something that keeps the app from starting, said in one line for the person starting it.</summary>
public sealed class StartupException(string message) : Exception(message);
