using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Data;
using Training.Notifications;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Registrations;

/// <summary>
/// A booking commits what to send; the confirmation and its check-in pass are made after the commit, by the dispatcher,
/// and sent once however that is interrupted. One app and one SMTP server for the class; each test reads its own address.
/// </summary>
public sealed class ConfirmationAfterCommitTests(ConfirmationAfterCommitTests.App shared) : IClassFixture<ConfirmationAfterCommitTests.App>
{
    public sealed class App() : SharedMailApp(new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.Application;
    private readonly LoopbackSmtpServer _smtp = shared.Smtp;

    [Fact]
    public async Task A_booking_commits_only_what_to_send_and_the_confirmation_with_its_pass_is_made_and_sent_after_it()
    {
        var (registrationId, personId) = await BookAsync("hanako@example.jp");

        var queued = await RowAsync(personId);
        Assert.Equal(EmailStatus.Preparing, queued.Status);
        Assert.StartsWith($"registration-confirmed:{registrationId}:", queued.IdempotencyKey);
        Assert.Equal("", queued.TextBody);
        Assert.Empty(queued.Attachments);
        Assert.False(PassDrawn(registrationId));

        await DispatchAsync();

        var message = Assert.Single(ReceivedBy("hanako@example.jp"));
        Assert.Contains("お申し込みを受け付けました", message.Subject);
        Assert.Contains("QRコード", message.TextBody);
        Assert.Single(message.Attachments, a => a.ContentDisposition?.FileName == "checkin-qr.png");
        Assert.True(PassDrawn(registrationId));
        Assert.Equal(EmailStatus.Sent, (await RowAsync(personId)).Status);
    }

    [Fact]
    public async Task A_confirmation_whose_preparation_was_interrupted_before_its_commit_is_still_sent_once()
    {
        var (registrationId, personId) = await BookAsync("jiro@example.jp");

        // Prepared (the pass is drawn, the message rendered) but never committed, as when the process dies there.
        await using (var scope = _app.Scope())
        {
            var unitOfWork = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
            var preparer = scope.ServiceProvider.GetRequiredService<OutboxPreparer>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => unitOfWork.RunAsync(async ct =>
            {
                await preparer.PrepareAsync(ct);
                throw new InvalidOperationException("the process died before its commit");
            }));
        }
        Assert.True(PassDrawn(registrationId));
        Assert.Equal(EmailStatus.Preparing, (await RowAsync(personId)).Status);

        await DispatchAsync();
        await DispatchAsync();

        var message = Assert.Single(ReceivedBy("jiro@example.jp"));
        Assert.Single(message.Attachments, a => a.ContentDisposition?.FileName == "checkin-qr.png");
        var row = await RowAsync(personId);
        Assert.Equal(EmailStatus.Sent, row.Status);
        Assert.Single(row.Attachments);
    }

    [Fact]
    public async Task Two_runs_preparing_the_same_confirmation_at_once_make_it_due_once_and_it_is_sent_once()
    {
        var (_, personId) = await BookAsync("saburo@example.jp");

        var prepared = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await using var scope = _app.Scope();
            return await scope.ServiceProvider.GetRequiredService<OutboxPreparer>().PrepareAsync();
        })));
        await DispatchAsync();

        Assert.Equal(1, prepared.Sum());
        Assert.Single(ReceivedBy("saburo@example.jp"));
        Assert.Single((await RowAsync(personId)).Attachments);
    }

    private async Task<(int RegistrationId, int PersonId)> BookAsync(string email)
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var person = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().WithEmail(email).Build();
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        await using var scope = _app.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<RegistrationService>().RegisterAsync(course.Id, person.Id, ContactChannel.Web);
        Assert.Equal(RegistrationOutcome.Confirmed, result.Outcome);
        return (result.Registration!.Id, person.Id);
    }

    private Task<OutboundEmail> RowAsync(int personId) =>
        _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().Include(e => e.Attachments).SingleAsync(e => e.PersonId == personId));

    private bool PassDrawn(int registrationId) =>
        Directory.Exists(Path.Combine(_app.Directory, "data", "checkin-passes"))
        && Directory.EnumerateFiles(Path.Combine(_app.Directory, "data", "checkin-passes"), $"{registrationId}-*.png").Any();

    private async Task DispatchAsync()
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync();
    }

    private List<MimeKit.MimeMessage> ReceivedBy(string address) =>
        _smtp.Received.Where(m => m.To.Mailboxes.Any(b => b.Address == address)).ToList();
}
