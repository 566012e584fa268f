using Microsoft.EntityFrameworkCore;
using Training.Data;

namespace Training.Tests.Data;

/// <summary>
/// SQLite's write gate queues writers in order: a long writer that works in chunks (an import) lets go between them, and
/// whoever was waiting (a resident's registration) goes before its next chunk, however fast it comes back.
/// </summary>
public sealed class DatabaseWriteGateTests
{
    [Fact]
    public async Task A_writer_waiting_at_the_gate_goes_before_the_one_that_just_left_and_comes_straight_back()
    {
        using var db = new TrainingDbContext(new DbContextOptionsBuilder<TrainingDbContext>().UseSqlite("Data Source=:memory:").Options);
        var gate = new DatabaseWriteGate();
        var chunk = await gate.EnterAsync(db, CancellationToken.None);
        var registration = gate.EnterAsync(db, CancellationToken.None);

        chunk.Dispose();
        var nextChunk = gate.EnterAsync(db, CancellationToken.None);
        var registrationIn = await registration;
        var nextChunkInBeforeRegistrationLeft = nextChunk.IsCompleted;
        registrationIn.Dispose();
        (await nextChunk).Dispose();

        Assert.False(nextChunkInBeforeRegistrationLeft);
    }
}
