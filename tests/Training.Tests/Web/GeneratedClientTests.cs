using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;
using Training.Courses;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>The process's time zone is changed here: no other test may run meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTimeZone
{
    public const string Name = "Process time zone";
}

/// <summary>
/// An integrator's client, made as theirs would be: NSwag generates C# from the OpenAPI document the app serves,
/// Roslyn compiles it, and it talks to the app on a machine whose clock is set to UTC. It must read the same
/// instants, dates, enumerations and problems that residents see.
/// </summary>
[Collection(ProcessTimeZone.Name)]
public sealed class GeneratedClientTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 16, 0, 0, TimeSpan.Zero));
    private readonly TrainingApp _app;

    // 2026-12-09 10:00 in Japan is 01:00 UTC.
    private static readonly DateTimeOffset TenInJapan = new(2026, 12, 9, 1, 0, 0, TimeSpan.Zero);

    public GeneratedClientTests() => _app = new TrainingApp(time: _time);

    public void Dispose() => _app.Dispose();

    /// <summary>The served document through NSwag's C# client generator, compiled in memory.</summary>
    private async Task<Assembly> GenerateClientAsync()
    {
        var json = await _app.CreateClient().GetStringAsync("/openapi/v1.json");
        var document = await OpenApiDocument.FromJsonAsync(json);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "TrainingApiClient",
            UseBaseUrl = false,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
        };
        settings.CSharpGeneratorSettings.Namespace = "Generated";
        settings.CSharpGeneratorSettings.JsonLibrary = CSharpJsonLibrary.SystemTextJson;
        var code = new CSharpClientGenerator(document, settings).GenerateFile();

        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = Directory.GetFiles(runtime, "*.dll")
            .Where(f => Path.GetFileName(f) is var name && (name.StartsWith("System.") || name is "netstandard.dll" or "mscorlib.dll"))
            .Select(f => MetadataReference.CreateFromFile(f));
        var compilation = CSharpCompilation.Create("Generated.TrainingApiClient",
            [CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest))], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var assembly = new MemoryStream();
        var emitted = compilation.Emit(assembly);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return Assembly.Load(assembly.ToArray());
    }

    /// <summary>Runs the work with the process's local time zone set to UTC, as on a server abroad or in a container.</summary>
    private static async Task InUtcAsync(Func<Task> work)
    {
        var before = Environment.GetEnvironmentVariable("TZ");
        Environment.SetEnvironmentVariable("TZ", "UTC");
        TimeZoneInfo.ClearCachedData();
        try
        {
            Assert.Equal(TimeSpan.Zero, TimeZoneInfo.Local.GetUtcOffset(TenInJapan));
            await work();
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", before);
            TimeZoneInfo.ClearCachedData();
        }
    }

    private static async Task<Exception> ThrowsAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception ex)
        {
            return ex;
        }
        throw new Xunit.Sdk.XunitException("The generated client did not throw.");
    }

    [Fact]
    public async Task A_client_generated_by_NSwag_reads_the_right_instants_dates_enumerations_and_problems_on_a_UTC_machine()
    {
        var (course, cancelled, area) = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(1, TenInJapan.UtcDateTime).SaveAsync(db);
            var cancelled = await new CourseBuilder().ForActivity("ひだまりサロン").WithSessions(1, TenInJapan.UtcDateTime.AddDays(1))
                .WithStatus(CourseStatus.Cancelled).SaveAsync(db);
            return (course, cancelled, await db.Areas.SingleAsync(a => a.Id == course.AreaId));
        });
        var completion = await _app.WithDbAsync(db => CompletionSeed.SaveAsync(db, new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").Build()));
        var certificate = (await _app.IssueAsync(completion.Id)).Certificate!;
        var generated = await GenerateClientAsync();

        await InUtcAsync(async () =>
        {
            dynamic client = Activator.CreateInstance(generated.GetType("Generated.TrainingApiClient")!, _app.CreateClient())!;

            var schedule = await client.GetScheduleAsync("2026-12", null, null);
            var sessions = new List<dynamic>();
            foreach (var item in schedule.Sessions) sessions.Add(item);
            var session = sessions.Single(s => s.CourseId == course.Id);
            var salon = sessions.Single(s => s.CourseId == cancelled.Id);
            DateTimeOffset start = session.Start;
            Assert.Equal(TenInJapan, start);
            Assert.Equal(TimeSpan.FromHours(9), start.Offset);
            Assert.Equal(new DateTime(2026, 12, 9, 1, 0, 0), start.LocalDateTime);
            Assert.Equal(("Scheduled", true), (session.Status.ToString(), (bool)session.RegistrationOpen));
            Assert.Equal(("Cancelled", "Activity", false), (salon.Status.ToString(), salon.Kind.ToString(), (bool)salon.RegistrationOpen));

            var areas = new List<dynamic>();
            foreach (var item in (await client.GetAreasAsync(null)).Areas) areas.Add(item);
            Assert.Contains(areas, a => a.Id == area.Id && a.Name == area.Name && a.Tier.ToString() == "District");
            var programs = new List<dynamic>();
            foreach (var item in (await client.GetProgramsAsync(null)).Programs) programs.Add(item);
            Assert.Contains(programs, p => p.Id == course.ProgramId && p.Kind.ToString() == "CertificateProgram");

            dynamic request = Activator.CreateInstance(generated.GetType("Generated.RegistrationRequest")!)!;
            request.FamilyName = "山田";
            request.GivenName = "花子";
            request.FamilyNameKana = "やまだ";
            request.GivenNameKana = "はなこ";
            request.Phone = "0551-22-0001";
            request.BirthYear = "昭和25年";
            request.Consent = true;
            // The optional enumeration goes as the API names it ("callList"), and the choice is kept with the booking.
            request.Notices = "callList";
            var received = await client.RegisterForCourseAsync(course.Id, request);
            Assert.Equal("Received", received.Status.ToString());

            dynamic refused = await ThrowsAsync(() => client.RegisterForCourseAsync(cancelled.Id, request));
            Assert.Equal((409, "CourseCancelled"), ((int)refused.StatusCode, refused.Result.Code.ToString()));

            dynamic invalid = await ThrowsAsync(() => client.GetScheduleAsync("December", null, null));
            Assert.Equal(400, (int)invalid.StatusCode);
            Assert.True(invalid.Result.Errors.ContainsKey("month"));

            var verification = await client.VerifyCertificateAsync(certificate.VerificationCode);
            DateTimeOffset issuedOn = verification.IssuedOn;
            Assert.Equal(new DateTime(2026, 11, 27), issuedOn.Date);
            Assert.Equal("Valid", verification.Status.ToString());
        });

        Assert.Equal(1950, await _app.WithDbAsync(db => db.People.Where(p => p.GivenName == "花子").Select(p => p.BirthYear).SingleAsync()));
        Assert.True(await _app.WithDbAsync(db => db.Consents.AnyAsync(c => db.People.Any(p => p.Id == c.PersonId && p.GivenName == "花子")
            && c.Purpose == Training.People.ConsentPurpose.NoticesByCall && c.Granted)));
    }
}
