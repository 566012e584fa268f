using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Notifications.Channels;
using Training.People;

namespace Training.Tests.Infrastructure;

/// <summary>
/// One SMS provider on loopback and one app with SMS set up, shared by a class's tests (<c>IClassFixture</c>): each test
/// has residents and mobile numbers of its own (<see cref="NewMobileNumber"/>) and reads back only the texts to them.
/// The app's pages and services queue as usual; <see cref="DispatchAsync"/> sends through a second host on the same
/// database whose SMS client trusts the provider's certificate. A class that needs a clock derives it:
/// <c>public sealed class App() : SmsApp(new FakeTimeProvider(…))</c>.
/// </summary>
public class SmsApp : IAsyncLifetime
{
    private readonly FakeTimeProvider? _time;

    /// <summary>On the test clock.</summary>
    public SmsApp() : this(null)
    {
    }

    protected SmsApp(FakeTimeProvider? time) => _time = time;

    // Numbers of this run's own, from a random start: classes and runs sharing nothing still never share a number.
    private static int _numbers = Random.Shared.Next(10_000_000, 80_000_000);

    private WebApplicationFactory<Program> _sending = null!;

    public LoopbackSmsProvider Sms { get; private set; } = null!;
    public TrainingApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sms = await LoopbackSmsProvider.StartAsync();
        App = new TrainingApp(Sms.Settings(), _time);
        _ = App.Services;
        _sending = App.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddHttpClient(HttpSmsSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(Sms.TrustingHandler)));
    }

    public async Task DisposeAsync()
    {
        await _sending.DisposeAsync();
        await App.DisposeAsync();
        await Sms.DisposeAsync();
    }

    /// <summary>A mobile number no other test uses, as a resident writes it (090-1234-5678).</summary>
    public static string NewMobileNumber()
    {
        var n = Interlocked.Increment(ref _numbers);
        return $"090-{n / 10_000:D4}-{n % 10_000:D4}";
    }

    /// <summary>A resident saved as built, who chose <paramref name="channel"/> for their notices (on the web) unless null.</summary>
    public async Task<Person> ResidentAsync(PersonBuilder builder, NoticeChannel? channel)
    {
        var person = builder.Build();
        await App.WithDbAsync(async db =>
        {
            db.People.Add(person);
            await db.SaveChangesAsync();
        });
        if (channel is { } chosen) await ChooseAsync(person.Id, chosen);
        return person;
    }

    /// <summary>The resident chooses how their notices reach them, on their own page.</summary>
    public async Task ChooseAsync(int personId, NoticeChannel channel)
    {
        await using var scope = App.Scope();
        Assert.Equal(NoticeChoiceOutcome.Saved, await scope.ServiceProvider.GetRequiredService<NoticeRouter>().ChooseAsync(personId, channel, ContactChannel.Web));
    }

    /// <summary>The channel outbox sent to the provider, as the recurring dispatch does.</summary>
    public async Task<ChannelDispatchResult> DispatchAsync()
    {
        await using var scope = _sending.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ChannelDispatcher>().DispatchAsync();
    }

    /// <summary>The texts the provider accepted for this number (as written on record), in the order they came.</summary>
    public IReadOnlyList<string> TextsTo(string mobile)
    {
        var to = JapaneseMobileNumber.Normalise(mobile, out _);
        return Sms.Delivered.Select(d => JsonDocument.Parse(d.Body).RootElement)
            .Where(body => body.GetProperty("to").GetString() == to)
            .Select(body => body.GetProperty("message").GetString()!)
            .ToList();
    }
}
