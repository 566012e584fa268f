using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.Notifications.Line;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications.Channels;

/// <summary>
/// A booking's notices go by the resident's chosen channel (issue 30, item 1): SMS and LINE through the channel outbox
/// to loopback providers, email as before, and a call when nothing else can reach them.
/// </summary>
public sealed class NoticeRoutingTests : IAsyncLifetime
{
    private LoopbackSmsProvider _sms = null!;
    private LoopbackLineApi _line = null!;
    private TrainingApp _app = null!;
    private WebApplicationFactory<Program> _factory = null!;

    public async Task InitializeAsync()
    {
        _sms = await LoopbackSmsProvider.StartAsync();
        _line = await LoopbackLineApi.StartAsync();
        var settings = _sms.Settings();
        foreach (var (key, value) in _line.Settings()) settings[key] = value;
        _app = new TrainingApp(settings);
        _factory = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddHttpClient(HttpSmsSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(_sms.TrustingHandler)));
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _app.DisposeAsync();
        await _sms.DisposeAsync();
        await _line.DisposeAsync();
    }

    [Fact]
    public async Task A_resident_without_email_who_chose_SMS_gets_the_confirmation_by_SMS_with_the_booking_number_and_their_page()
    {
        var person = await ResidentAsync(email: null, phone: "090-1234-5678");
        Assert.Equal(NoticeChoiceOutcome.Saved, await ChooseAsync(person.Id, NoticeChannel.Sms));

        var registration = await RegisterAsync(person.Id);
        var sent = await DispatchAsync();

        Assert.Equal(1, sent.Sent);
        var row = await _app.WithDbAsync(db => db.OutboundMessages.SingleAsync(m => m.PersonId == person.Id));
        Assert.Equal((NoticeChannel.Sms, "+819012345678"), (row.Channel, row.ToAddress));
        Assert.Contains(registration.BookingNumber!, row.Text);
        Assert.Contains(person.AccessToken, row.Text);
        Assert.Single(_sms.Delivered);
        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.PersonId == person.Id)));
    }

    [Fact]
    public async Task A_resident_who_linked_LINE_gets_the_confirmation_on_LINE_and_not_by_email()
    {
        var person = await ResidentAsync(email: "hanako@example.jp", phone: null);
        var userId = await LinkLineAsync(person.Id);

        await RegisterAsync(person.Id);
        Assert.Equal(1, (await DispatchAsync()).Sent);

        var push = Assert.Single(_line.Pushes);
        Assert.Equal(userId, push.To);
        Assert.Contains(person.AccessToken, string.Concat(push.Texts));
        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.PersonId == person.Id)));
    }

    [Fact]
    public async Task After_unlinking_LINE_the_notices_go_by_email_again_and_the_page_says_why()
    {
        var person = await ResidentAsync(email: "hanako@example.jp", phone: null);
        await LinkLineAsync(person.Id);
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<LineLinks>().UnlinkAsync(person.Id, Actor.Resident);

        var choice = await ChoiceAsync(person.Id);
        await RegisterAsync(person.Id);

        Assert.Equal(NoticeChannel.Line, choice.Chosen);
        Assert.Equal((NoticeChannel.Email, NoticeFallback.LineNotLinked), (choice.Route.Channel, choice.Route.Fallback));
        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundMessages.CountAsync(m => m.PersonId == person.Id)));
        Assert.Equal(1, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.PersonId == person.Id)));
    }

    [Fact]
    public async Task SMS_cannot_be_chosen_without_a_mobile_number_and_nothing_is_recorded()
    {
        var person = await ResidentAsync(email: "hanako@example.jp", phone: "0551-22-1111");

        var outcome = await ChooseAsync(person.Id, NoticeChannel.Sms);

        Assert.Equal(NoticeChoiceOutcome.NoMobileNumber, outcome);
        Assert.Null((await ChoiceAsync(person.Id)).Chosen);
    }

    [Fact]
    public async Task Choosing_what_is_already_in_force_records_nothing_more()
    {
        var person = await ResidentAsync(email: "hanako@example.jp", phone: null);

        var first = await ChooseAsync(person.Id, NoticeChannel.Email);
        var again = await ChooseAsync(person.Id, NoticeChannel.Email);

        Assert.Equal((NoticeChoiceOutcome.Saved, NoticeChoiceOutcome.Unchanged), (first, again));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Consents.CountAsync(c => c.PersonId == person.Id && c.Purpose == ConsentPurpose.NoticesByEmail)));
    }

    [Fact]
    public async Task A_resident_chooses_SMS_on_their_own_page_and_the_page_says_where_notices_go()
    {
        var person = await ResidentAsync(email: "hanako@example.jp", phone: "080-1111-2222");
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var before = await client.GetStringAsync($"/My/{person.AccessToken}");
        var saved = await Forms.PostAsync(client, $"/My/{person.AccessToken}", new Dictionary<string, string> { ["channel"] = "Sms" },
            $"/My/{person.AccessToken}?handler=Notices");
        var after = await client.GetStringAsync(saved.Headers.Location!.ToString());

        Assert.Contains("いまは、メールでお送りしています。", before);
        Assert.Contains("SMS（080-1111-2222 あて）", before);
        Assert.Contains("お知らせの受け取り方を保存しました。", after);
        Assert.Contains("いまは、SMSでお送りしています。", after);
        Assert.Equal(NoticeChannel.Sms, (await ChoiceAsync(person.Id)).Chosen);
    }

    [Fact]
    public async Task Staff_record_the_choice_a_resident_gave_on_the_phone_and_see_where_notices_go()
    {
        var person = await ResidentAsync(email: null, phone: "090-3333-4444");
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var before = await admin.GetStringAsync($"/Staff/People/{person.Id}");
        var saved = await Forms.PostAsync(admin, $"/Staff/People/{person.Id}", new Dictionary<string, string> { ["notices"] = "Sms", ["channel"] = "Phone" },
            $"/Staff/People/{person.Id}?handler=Notices");
        var after = await admin.GetStringAsync(saved.Headers.Location!.ToString());

        Assert.Contains("いまのお知らせの送り先：電話（担当者から連絡）", before);
        Assert.Contains("いまのお知らせの送り先：SMS", after);
        var consent = await _app.WithDbAsync(db => db.Consents.SingleAsync(c => c.PersonId == person.Id && c.Purpose == ConsentPurpose.NoticesBySms));
        Assert.Equal(ContactChannel.Phone, consent.Channel);
        Assert.NotNull(consent.RecordedByStaffId);
    }

    private async Task<Person> ResidentAsync(string? email, string? phone)
    {
        var builder = new PersonBuilder();
        if (email is not null) builder = builder.WithEmail(email);
        if (phone is not null) builder = builder.WithPhone(phone);
        var person = builder.Build();
        await _app.WithDbAsync(async db =>
        {
            db.People.Add(person);
            await db.SaveChangesAsync();
        });
        return person;
    }

    private async Task<NoticeChoiceOutcome> ChooseAsync(int personId, NoticeChannel channel)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NoticeRouter>().ChooseAsync(personId, channel, ContactChannel.Web);
    }

    private async Task<NoticeChoice> ChoiceAsync(int personId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Training.Data.TrainingDbContext>();
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == personId);
        return await scope.ServiceProvider.GetRequiredService<NoticeRouter>().ChoiceAsync(person);
    }

    private async Task<string> LinkLineAsync(int personId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var links = scope.ServiceProvider.GetRequiredService<LineLinks>();
        var code = (await links.IssueCodeAsync(personId)).Code!;
        var userId = LoopbackLineApi.NewUserId();
        Assert.Equal(LineLinkOutcome.Linked, (await links.LinkAsync(userId, code)).Outcome);
        return userId;
    }

    private async Task<Registration> RegisterAsync(int personId)
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithCapacity(5).SaveAsync(db));
        await using var scope = _factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RegistrationService>().RegisterAsync(course.Id, personId, ContactChannel.Web, null);
        await scope.ServiceProvider.GetRequiredService<OutboxPreparer>().PrepareAsync();
        return await _app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.PersonId == personId && r.CourseId == course.Id));
    }

    private async Task<ChannelDispatchResult> DispatchAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ChannelDispatcher>().DispatchAsync();
    }
}
