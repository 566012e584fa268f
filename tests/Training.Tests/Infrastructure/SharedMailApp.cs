using Microsoft.Extensions.Time.Testing;

namespace Training.Tests.Infrastructure;

/// <summary>
/// One app and one real SMTP server on loopback for every test of a class (<c>IClassFixture</c>), on a clock of the
/// class's choosing; each test reads back only the messages to its own addresses. Derive it, naming the clock and, in
/// <see cref="Configure"/>, any setting beyond the server's (a charset, a phone number).
/// </summary>
public abstract class SharedMailApp(FakeTimeProvider time) : IAsyncLifetime
{
    public LoopbackSmtpServer Smtp { get; } = new();
    public FakeTimeProvider Time { get; } = time;
    public TrainingApp Application { get; private set; } = null!;

    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    public async Task InitializeAsync()
    {
        await Smtp.StartAsync();
        var settings = Smtp.Settings;
        Configure(settings);
        Application = new TrainingApp(settings, Time);
        _ = Application.Services;
    }

    public async Task DisposeAsync()
    {
        await Smtp.DisposeAsync();
        await Application.DisposeAsync();
    }
}
