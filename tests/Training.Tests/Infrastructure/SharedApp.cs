using Microsoft.Extensions.Time.Testing;

namespace Training.Tests.Infrastructure;

/// <summary>
/// One app for every test of a class (<c>IClassFixture&lt;SharedApp&gt;</c>), for classes whose tests only read, or
/// write rows of their own and assert only on those. A test that moves the clock, or asserts on the whole of a table,
/// the outbox, the settings or the pickup folder, keeps an app of its own (<c>new TrainingApp()</c>).
/// A class that needs a clock or settings derives its own fixture: <c>public sealed class App() : SharedApp(…)</c>.
/// </summary>
public class SharedApp : IDisposable
{
    public SharedApp() : this(null, null)
    {
    }

    protected SharedApp(Dictionary<string, string?>? settings, FakeTimeProvider? time) => App = new TrainingApp(settings, time);

    public TrainingApp App { get; }

    public FakeTimeProvider? Time => App.Time;

    public void Dispose() => App.Dispose();
}
