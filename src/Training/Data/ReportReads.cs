using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Training.Attendance;
using Training.Courses;
using Training.People;

namespace Training.Data;

/// <summary>
/// The yearly report's two large reads, as plain data readers: every person's attributes, and who attended each
/// session. The database gathers attendees per session (array_agg on PostgreSQL, group_concat on SQLite) — one list
/// per session instead of one row per attendance, which cost more to read than the database took to find them.
/// </summary>
public static class ReportReads
{
    public static async Task<List<(int Id, int? AreaId, int? BirthYear, Sex Sex)>> PeopleAsync(TrainingDbContext context, CancellationToken cancellationToken)
    {
        var people = new List<(int Id, int? AreaId, int? BirthYear, Sex Sex)>();
        var sexes = Enum.GetValues<Sex>().ToDictionary(StoredNames.Of);
        await ReadAsync(context, """SELECT "Id", "AreaId", "BirthYear", "Sex" FROM "People" """, _ => { }, reader =>
        {
            while (reader.Read())
                people.Add((reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetInt32(2),
                    sexes.GetValueOrDefault(reader.GetString(3))));
        }, cancellationToken);
        return people;
    }

    /// <summary>
    /// Calls <paramref name="attended"/> with the ids of the people marked with one of <paramref name="statuses"/> at
    /// each session held that starts in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) and not after
    /// <paramref name="nowUtc"/>, optionally only in some areas. Returns the number of sessions read.
    /// </summary>
    public static async Task<int> AttendeesBySessionAsync(TrainingDbContext context, IReadOnlyList<AttendanceStatus> statuses, DateTime fromUtc, DateTime toUtc,
        DateTime nowUtc, IReadOnlyCollection<int>? areaIds, Action<int, int[]> attended, CancellationToken cancellationToken)
    {
        var postgres = context.Database.IsNpgsql();
        var gather = postgres ? """array_agg(a."PersonId")""" : """group_concat(a."PersonId")""";
        var statusList = string.Join(", ", statuses.Select((_, i) => $"@status{i}"));
        var areaFilter = areaIds is null ? "" :
            $"""AND s."CourseId" IN (SELECT c."Id" FROM "Courses" AS c WHERE c."AreaId" IN ({string.Join(", ", areaIds.Select((_, i) => $"@area{i}"))}))""";
        var sql = $"""
            SELECT s."Id", (SELECT {gather} FROM "Attendance" AS a WHERE a."SessionId" = s."Id" AND a."Status" IN ({statusList}))
            FROM "Sessions" AS s
            WHERE s."Status" = @scheduled AND s."StartsAt" >= @from AND s."StartsAt" < @to AND s."StartsAt" <= @now {areaFilter}
            """;
        var read = 0;
        await ReadAsync(context, sql, parameter =>
        {
            parameter("@scheduled", StoredNames.Of(SessionStatus.Scheduled));
            parameter("@from", fromUtc);
            parameter("@to", toUtc);
            parameter("@now", nowUtc);
            for (var i = 0; i < statuses.Count; i++) parameter($"@status{i}", StoredNames.Of(statuses[i]));
            foreach (var (id, i) in (areaIds ?? []).Select((id, i) => (id, i))) parameter($"@area{i}", id);
        }, reader =>
        {
            while (reader.Read())
            {
                read++;
                if (reader.IsDBNull(1)) continue;
                attended(reader.GetInt32(0), postgres ? reader.GetFieldValue<int[]>(1) : ParseIds(reader.GetString(1)));
            }
        }, cancellationToken);
        return read;
    }

    /// <summary>SQLite's group_concat of integers: "12,7,301".</summary>
    private static int[] ParseIds(string joined)
    {
        var ids = new int[joined.AsSpan().Count(',') + 1];
        var (next, value) = (0, 0);
        foreach (var c in joined)
        {
            if (c == ',') { ids[next++] = value; value = 0; }
            else value = value * 10 + (c - '0');
        }
        ids[next] = value;
        return ids;
    }

    /// <summary>Runs one query through a plain data reader on the context's connection (opened here if it was closed).</summary>
    private static async Task ReadAsync(TrainingDbContext context, string sql, Action<Action<string, object>> parameters, Action<DbDataReader> read,
        CancellationToken cancellationToken)
    {
        var connection = context.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await context.Database.OpenConnectionAsync(cancellationToken);
        // PostgreSQL compiles scans this large with its JIT on every run (≈140 ms each here), more than the JIT then
        // saves; it is turned off for this read only, inside its own read-only transaction.
        await using var transaction = context.Database.IsNpgsql() && context.Database.CurrentTransaction is null
            ? await context.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken)
            : null;
        try
        {
            await using var command = connection.CreateCommand();
            if (transaction is not null)
            {
                command.Transaction = transaction.GetDbTransaction();
                command.CommandText = "SET LOCAL jit = off; SET TRANSACTION READ ONLY";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            command.CommandText = sql;
            parameters((name, value) =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            });
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                read(reader);
            if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            if (opened) await context.Database.CloseConnectionAsync();
        }
    }
}
