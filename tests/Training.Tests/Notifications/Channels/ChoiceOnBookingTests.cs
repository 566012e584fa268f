using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Training.Notifications.Channels;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications.Channels;

/// <summary>
/// A new resident chooses how they are told on the booking form or through the API (issue 30): the choice is recorded
/// with the booking, so even the first notice — the confirmation — goes that way; a choice their details cannot carry
/// is refused with the reason and nothing is booked.
/// </summary>
public sealed class ChoiceOnBookingTests : IAsyncLifetime
{
    private ChannelsApp _channels = null!;
    private TrainingApp App => _channels.App;

    public async Task InitializeAsync() => _channels = await ChannelsApp.StartAsync();

    public async Task DisposeAsync() => await _channels.DisposeAsync();

    private HttpClient Client() => _channels.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task A_resident_who_chooses_SMS_on_the_form_gets_the_confirmation_by_SMS_and_not_by_email()
    {
        var course = await App.WithDbAsync(db => new CourseBuilder().WithCapacity(5).SaveAsync(db));

        var form = WebUtility.HtmlDecode(await Client().GetStringAsync($"/Courses/{course.Id}/Register"));
        var response = await Forms.PostAsync(Client(), $"/Courses/{course.Id}/Register", Resident("hanako@example.jp", "090-1234-5678", "Sms"));
        await _channels.App.OutboxPreparedAsync();
        await _channels.DispatchAsync();

        Assert.Contains("お知らせの受け取り方", form);
        Assert.Contains("SMS（携帯電話のショートメッセージ）", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var person = await App.WithDbAsync(db => db.People.Include(p => p.Consents).SingleAsync(p => p.FamilyName == "上田"));
        Assert.Contains(person.Consents, c => c.Purpose == ConsentPurpose.NoticesBySms && c.Granted && c.Channel == ContactChannel.Web);
        var sms = Assert.Single(_channels.Sms.Delivered);
        Assert.Contains(person.AccessToken, sms.Body);
        Assert.Equal(0, await App.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.PersonId == person.Id)));
    }

    [Fact]
    public async Task SMS_with_a_landline_number_is_refused_on_the_form_with_the_reason_and_nothing_is_booked()
    {
        var course = await App.WithDbAsync(db => new CourseBuilder().WithCapacity(5).SaveAsync(db));

        var response = await Forms.PostAsync(Client(), $"/Courses/{course.Id}/Register", Resident(null, "0551-22-1111", "Sms"));
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("SMSで受け取るときは、携帯電話の番号（090・080・070などで始まる番号）を入力してください。", page);
        Assert.False(await App.WithDbAsync(db => db.People.AnyAsync(p => p.FamilyName == "上田")));
    }

    [Fact]
    public async Task The_API_takes_the_choice_and_refuses_email_without_an_address_as_a_problem_naming_the_field()
    {
        var course = await App.WithDbAsync(db => new CourseBuilder().WithCapacity(5).SaveAsync(db));
        var url = $"/api/v1/courses/{course.Id}/registrations";

        var refused = await Client().PostAsJsonAsync(url, Body(email: null, phone: "0551-22-1111", notices: "email"));
        var unknown = await Client().PostAsJsonAsync(url, Body(email: null, phone: "0551-22-1111", notices: "pigeon"));
        var taken = await Client().PostAsJsonAsync(url, Body(email: null, phone: "080-2222-3333", notices: "sms"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("\"notices\"", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("notices", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, taken.StatusCode);
        var person = await App.WithDbAsync(db => db.People.Include(p => p.Consents).SingleAsync(p => p.FamilyName == "上田"));
        Assert.Equal(NoticeChannel.Sms, NoticeChannels.Chosen(person.Consents));
        Assert.Equal(ContactChannel.Api, person.Consents.Single(c => c.Purpose == ConsentPurpose.NoticesBySms).Channel);
    }

    [Fact]
    public async Task Without_LINE_or_SMS_set_up_the_form_does_not_ask()
    {
        using var plain = new TrainingApp();
        var course = await plain.WithDbAsync(db => new CourseBuilder().SaveAsync(db));

        var form = await plain.CreateClient().GetStringAsync($"/Courses/{course.Id}/Register");

        Assert.DoesNotContain("notices-choice", form);
    }

    private static Dictionary<string, string> Resident(string? email, string phone, string notices)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.FamilyName"] = "上田", ["Input.GivenName"] = "秀子", ["Input.FamilyNameKana"] = "うえだ", ["Input.GivenNameKana"] = "ひでこ",
            ["Input.Phone"] = phone, ["Input.Consent"] = "true", ["Input.Notices"] = notices,
        };
        if (email is not null) fields["Input.Email"] = email;
        return fields;
    }

    private static object Body(string? email, string phone, string notices) => new
    {
        familyName = "上田", givenName = "秀子", familyNameKana = "うえだ", givenNameKana = "ひでこ", email, phone, consent = true, notices,
    };
}
