using System.Net;
using Microsoft.EntityFrameworkCore;
using Training.Notifications;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>Residents choose their optional mail on their own page; staff send failed mail again. One app; each test reads only its own person's rows.</summary>
public sealed class MailChoicesTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;

    private Task<Person> PersonAsync() => _app.WithDbAsync(async db =>
    {
        var person = new PersonBuilder().WithEmail("hanako@example.jp").Build();
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person;
    });

    [Fact]
    public async Task A_resident_turns_on_the_monthly_schedule_and_off_the_reminders_and_each_change_is_recorded_with_its_wording()
    {
        var person = await PersonAsync();
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetStringAsync($"/My/{person.AccessToken}");
        var response = await Forms.PostAsync(client, $"/My/{person.AccessToken}",
            new Dictionary<string, string> { ["Wanted"] = "MonthlySchedule" }, $"/My/{person.AccessToken}?handler=Mail");
        await Forms.PostAsync(client, $"/My/{person.AccessToken}", new Dictionary<string, string> { ["Wanted"] = "MonthlySchedule" }, $"/My/{person.AccessToken}?handler=Mail");

        Assert.Contains("毎月の予定のお知らせ", page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var consents = await _app.WithDbAsync(db => db.Consents.Where(c => c.PersonId == person.Id).OrderBy(c => c.Purpose).ToListAsync());
        Assert.Equal(3, consents.Count);
        Assert.Contains(consents, c => c is { Purpose: ConsentPurpose.MonthlyScheduleEmail, Granted: true, Channel: ContactChannel.Web } && c.Wording.Contains("毎月の講座・活動の予定をメールで受け取ります"));
        Assert.Contains(consents, c => c is { Purpose: ConsentPurpose.ReminderEmail, Granted: false });
        Assert.Contains(consents, c => c is { Purpose: ConsentPurpose.QualificationEmail, Granted: false });
    }

    [Fact]
    public async Task Staff_send_a_failed_message_again_from_the_start()
    {
        var person = await PersonAsync();
        await _app.WithDbAsync(async db =>
        {
            db.OutboundEmails.Add(new OutboundEmail
            {
                IdempotencyKey = "failed:1", PersonId = person.Id, ToAddress = "hanako@example.jp", Subject = "件名", TextBody = "本文",
                Status = EmailStatus.Failed, Attempts = 8, LastError = "550 5.1.1 User unknown", LastSmtpStatus = 550,
            });
            await db.SaveChangesAsync();
        });
        var id = await _app.WithDbAsync(db => db.OutboundEmails.Where(e => e.PersonId == person.Id).Select(e => e.Id).SingleAsync());
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var history = await client.GetStringAsync($"/Staff/Emails?personId={person.Id}");
        await Forms.PostAsync(client, "/Staff/Emails?status=Failed", new Dictionary<string, string>(), $"/Staff/Emails?handler=Retry&id={id}");

        Assert.Contains("550 5.1.1 User unknown", history);
        // The heading names the person, linked to their page.
        Assert.Matches("山田 花子</a> さんへのメール", history);
        var row = await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.PersonId == person.Id));
        Assert.Equal((EmailStatus.Pending, 0), (row.Status, row.Attempts));
    }
}
