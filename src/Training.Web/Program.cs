using Training.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddTrainingOptions();
builder.AddTrainingData();
builder.AddStaffSignIn();
builder.AddTrainingEmail();
builder.AddTrainingFeatures();
builder.AddTrainingJobs();
builder.AddTrainingNodes();
builder.AddTrainingWeb();
builder.AddTrainingObservability();

var app = builder.Build();
if (await app.RunCommandAsync(args)) return;

await app.PrepareAsync(args);
app.UseTrainingWeb();
app.Run();

public partial class Program;
