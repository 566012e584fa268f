using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Data;
using Training.Notifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>A notice for someone without email is put on the call list once, however often it is sent.</summary>
public sealed class CallListAddTests : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    private static CallListEntry Notice(int personId, string message) => new()
    {
        IdempotencyKey = "registration-promoted:7:638000000000000000", PersonId = personId, Kind = "registration-promoted",
        Message = message, MessageEn = "They are now booked from the waiting list.", DueOn = new DateOnly(2026, 12, 8),
        CreatedAt = new DateTime(2026, 12, 8, 1, 0, 0, DateTimeKind.Utc), Urgent = true,
    };

    [Fact]
    public async Task The_same_notice_added_twice_is_listed_once_as_first_written()
    {
        var person = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().Named("青木", "和子", "あおき", "かずこ").WithPhone("0551-22-1111").Build();
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        await using var scope = _app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingDbContext>();

        var first = await CallList.AddAsync(db, Notice(person.Id, "キャンセル待ちから参加が決まりました。"), CancellationToken.None);
        var again = await CallList.AddAsync(db, Notice(person.Id, "別の文面"), CancellationToken.None);

        Assert.Equal(1, first);
        Assert.Equal(0, again);
        var call = Assert.Single(await _app.WithDbAsync(d => d.CallList.AsNoTracking().ToListAsync()));
        Assert.Equal("キャンセル待ちから参加が決まりました。", call.Message);
        Assert.Equal("They are now booked from the waiting list.", call.MessageEn);
        Assert.Equal(person.Id, call.PersonId);
        Assert.Equal(new DateOnly(2026, 12, 8), call.DueOn);
        Assert.True(call.Urgent);
        Assert.True(call.IsOpen);
    }
}
