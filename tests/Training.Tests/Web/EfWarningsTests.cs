using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Training.Data;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>
/// The demo as a newcomer meets it — start, seed (with its finished run's certificates), sign in, the main staff and
/// public pages — logs no EF Core warning (e.g. 10103, First without OrderBy): each would be a query whose answer
/// the database is free to change.
/// </summary>
public sealed class EfWarningsTests : IDisposable
{
    private readonly TrainingApp _app = new(new Dictionary<string, string?> { ["Bootstrap:SeedDemo"] = "true" });
    private readonly Warnings _warnings = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_demo_and_its_main_pages_log_no_EF_Core_warning()
    {
        using var app = _app.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(_warnings)));
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await StaffSignInClient.PostLoginAsync(client, TrainingApp.AdminEmail, TrainingApp.AdminPassword)).StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();
        var finished = await db.Courses.Where(c => c.Title.EndsWith("平日集中コース")).Select(c => c.Id).SingleAsync();
        var course = await db.Courses.Where(c => c.Title.EndsWith("第1期")).Select(c => c.Id).SingleAsync();
        var session = await db.Sessions.Where(s => s.CourseId == course).OrderBy(s => s.StartsAt).Select(s => s.Id).FirstAsync();
        var person = await db.Certificates.OrderBy(c => c.Id).Select(c => c.PersonId).FirstAsync();
        var certificate = await db.Certificates.Where(c => c.RevokedAt != null).Select(c => c.Id).SingleAsync();

        string[] pages =
        [
            "/Staff", "/Staff/Courses", $"/Staff/Courses/{course}", $"/Staff/Courses/{finished}", $"/Staff/Courses/{course}/Sessions",
            $"/Staff/Courses/{finished}/Completions", $"/Staff/Courses/{course}/Completions", $"/Staff/Sessions/{session}/Roster",
            "/Staff/People", "/Staff/People?q=%E3%82%84%E3%81%BE%E3%81%96%E3%81%8D", $"/Staff/People/{person}", $"/Staff/People/{person}/Edit",
            "/Staff/Programs", "/Staff/Calls", "/Staff/Emails", "/Staff/Reports", "/Staff/Supporters", "/Staff/Certificates",
            $"/Staff/Certificates/{certificate}", "/Staff/Admin/Staff", "/Staff/Admin/Audit", "/Staff/Admin/Qualifications",
            "/", "/Schedule", "/Schedule?view=calendar", $"/Courses/{course}", $"/Courses/{finished}",
        ];
        foreach (var page in pages)
            Assert.True((await client.GetAsync(page)).StatusCode == HttpStatusCode.OK, page);

        Assert.DoesNotContain(_warnings.Messages, m => m.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
    }

    private sealed class Warnings : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Collector(categoryName, Messages);
        public void Dispose() { }

        private sealed class Collector(string category, ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) messages.Enqueue($"{category}[{eventId.Id}]: {formatter(state, exception)}");
            }
        }
    }
}
