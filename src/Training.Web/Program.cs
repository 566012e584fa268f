using Training.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

// Options, data, staff sign-in, email, features, jobs, nodes, web, observability: see Hosting/Startup.cs.
builder.AddTraining();

var app = builder.Build();
if (await app.RunCommandAsync(args)) return;

if (!await app.TryPrepareAsync(args)) return;
app.UseTrainingWeb();
app.Run();

public partial class Program;
