using Training.Web.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(args);

    // Options, data, staff sign-in, email, features, jobs, nodes, web, observability: see Hosting/Startup.cs.
    builder.AddTraining();

    var app = builder.Build();
    if (await app.RunCommandAsync(args)) return;

    if (!await app.TryPrepareAsync(args)) return;
    app.UseTrainingWeb();
    app.Run();
}
// A wrong setting ends the start with one line naming its key and exit code 1, before anything is written.
catch (Exception ex) when (SettingsValidation.IsOwnProcess && SettingsValidation.Explain(ex) is { Count: > 0 } lines)
{
    foreach (var line in lines) await Console.Error.WriteLineAsync(line);
    Environment.ExitCode = 1;
}

public partial class Program;
