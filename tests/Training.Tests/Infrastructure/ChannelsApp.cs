using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.Notifications.Line;
using Training.People;

namespace Training.Tests.Infrastructure;

/// <summary>
/// An app with LINE and SMS both set up, each pointed at its loopback provider, for tests of notices sent by the
/// resident's chosen channel. Residents are made and choose here as they would on their page.
/// </summary>
public sealed class ChannelsApp : IAsyncDisposable
{
    private ChannelsApp(LoopbackSmsProvider sms, LoopbackLineApi line, TrainingApp app) => (Sms, Line, App) = (sms, line, app);

    public LoopbackSmsProvider Sms { get; }
    public LoopbackLineApi Line { get; }
    public TrainingApp App { get; }
    /// <summary>The app as it runs, trusting the SMS provider's loopback certificate: ask it for services.</summary>
    public WebApplicationFactory<Program> Factory => App;

    public static async Task<ChannelsApp> StartAsync()
    {
        var sms = await LoopbackSmsProvider.StartAsync();
        var line = await LoopbackLineApi.StartAsync();
        var settings = sms.Settings();
        foreach (var (key, value) in line.Settings()) settings[key] = value;
        return new ChannelsApp(sms, line, new TrainingApp(settings) { MoreTestServices = sms.TrustingServices });
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Sms.DisposeAsync();
        await Line.DisposeAsync();
    }

    public AsyncServiceScope Scope() => Factory.Services.CreateAsyncScope();

    public async Task<Person> ResidentAsync(string? email, string? phone, Func<PersonBuilder, PersonBuilder>? more = null)
    {
        var builder = new PersonBuilder();
        if (email is not null) builder = builder.WithEmail(email);
        if (phone is not null) builder = builder.WithPhone(phone);
        var person = (more?.Invoke(builder) ?? builder).Build();
        await App.WithDbAsync(async db =>
        {
            db.People.Add(person);
            await db.SaveChangesAsync();
        });
        return person;
    }

    /// <summary>The resident's choice, recorded as their own page records it.</summary>
    public async Task<NoticeChoiceOutcome> ChooseAsync(int personId, NoticeChannel channel)
    {
        await using var scope = Scope();
        return await scope.ServiceProvider.GetRequiredService<NoticeRouter>().ChooseAsync(personId, channel, ContactChannel.Web);
    }

    public async Task<NoticeChoice> ChoiceAsync(int personId)
    {
        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<Training.Data.TrainingDbContext>();
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == personId);
        return await scope.ServiceProvider.GetRequiredService<NoticeRouter>().ChoiceAsync(person);
    }

    /// <summary>Links a LINE account to the resident (the code from their page sent to the official account); its user id.</summary>
    public async Task<string> LinkLineAsync(int personId)
    {
        await using var scope = Scope();
        var links = scope.ServiceProvider.GetRequiredService<LineLinks>();
        var code = (await links.IssueCodeAsync(personId)).Code!;
        var userId = LoopbackLineApi.NewUserId();
        Assert.Equal(LineLinkOutcome.Linked, (await links.LinkAsync(userId, code)).Outcome);
        return userId;
    }

    /// <summary>One run of the LINE/SMS dispatcher (as its recurring job runs it).</summary>
    public async Task<ChannelDispatchResult> DispatchAsync()
    {
        await using var scope = Scope();
        return await scope.ServiceProvider.GetRequiredService<ChannelDispatcher>().DispatchAsync();
    }
}
