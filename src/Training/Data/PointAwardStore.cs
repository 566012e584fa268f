using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Training.Activities;

namespace Training.Data;

/// <summary>
/// The derivation's reads and writes, as plain data readers and bulk commands inside the running unit of work's
/// transaction: the counted records of a fiscal year, the awards already there, and the differences written back —
/// new awards (PostgreSQL by binary COPY, SQLite by one prepared insert per row), changed awards (PostgreSQL by one
/// UPDATE over arrays, SQLite by the same prepared insert taking the row over) and awards of records that no longer
/// count deleted. A row already there for a record under another fiscal year (a record whose date moved, not yet
/// re-derived there) is taken over by the new award, so a record never has two awards.
/// </summary>
public static class PointAwardStore
{
    private const string Columns = "\"RecordId\", \"PersonId\", \"FiscalYear\", \"KindId\", \"Date\", \"PointsBeforeCap\", \"Points\", \"Cut\"";

    /// <summary>The counted records dated in [<paramref name="from"/>, <paramref name="until"/>), of one helper or all, with the helper's birth year; unordered.</summary>
    public static async Task<List<PointItem>> ReadItemsAsync(TrainingDbContext db, DateOnly from, DateOnly until, int? personId, CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        var items = new List<PointItem>();
        var sql = $"""
            SELECT r."Id", r."PersonId", a."KindId", r."Date", r."StartTime", r."Minutes", r."Visits", p."BirthYear", r."StartsAt"
            FROM "ActivityRecords" AS r
            INNER JOIN "LocalActivities" AS a ON a."Id" = r."LocalActivityId"
            INNER JOIN "People" AS p ON p."Id" = r."PersonId"
            WHERE r."Status" = @confirmed AND r."CancelledAt" IS NULL AND r."Date" >= @from AND r."Date" < @until{(personId is null ? "" : " AND r.\"PersonId\" = @person")}
            """;
        // PostgreSQL compiles a scan this large with its JIT on every run, more than the JIT then saves (as ReportReads found).
        if (postgres && personId is null) await db.Database.ExecuteSqlRawAsync("SET LOCAL jit = off", cancellationToken);
        await ReadAsync(db, sql, parameter =>
        {
            parameter("@confirmed", StoredNames.Of(RecordStatus.Confirmed));
            parameter("@from", Day(from, postgres));
            parameter("@until", Day(until, postgres));
            if (personId is { } person) parameter("@person", person);
        }, reader =>
        {
            while (reader.Read())
                items.Add(new PointItem(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetFieldValue<DateOnly>(3), reader.GetFieldValue<TimeOnly>(4),
                    reader.GetInt32(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetInt32(7), DateTime.SpecifyKind(reader.GetDateTime(8), DateTimeKind.Utc)));
        }, cancellationToken);
        return items;
    }

    /// <summary>The awards already written for a fiscal year (of one helper or all), by record.</summary>
    public static async Task<Dictionary<int, PointAward>> ReadAwardsAsync(TrainingDbContext db, int fiscalYear, int? personId, CancellationToken cancellationToken)
    {
        var awards = new Dictionary<int, PointAward>();
        var cuts = Enum.GetValues<PointCut>().ToDictionary(StoredNames.Of);
        var sql = $"""
            SELECT "RecordId", "PersonId", "KindId", "Date", "PointsBeforeCap", "Points", "Cut" FROM "PointAwards"
            WHERE "FiscalYear" = @year{(personId is null ? "" : " AND \"PersonId\" = @person")}
            """;
        await ReadAsync(db, sql, parameter =>
        {
            parameter("@year", fiscalYear);
            if (personId is { } person) parameter("@person", person);
        }, reader =>
        {
            while (reader.Read())
            {
                var award = PointAward.Of(reader.GetInt32(0), reader.GetInt32(1), fiscalYear, reader.GetInt32(2), reader.GetFieldValue<DateOnly>(3),
                    reader.GetInt32(4), reader.GetInt32(5), cuts[reader.GetString(6)]);
                awards[award.RecordId] = award;
            }
        }, cancellationToken);
        return awards;
    }

    /// <summary>
    /// Writes the differences of a fiscal year's awards: <paramref name="added"/> (records with no award of this year
    /// yet), <paramref name="changed"/> (awards of this year whose values differ) and <paramref name="removed"/> (records
    /// of this year's awards that no longer count there). Returns the number of rows written or deleted.
    /// </summary>
    public static async Task<int> WriteChangesAsync(TrainingDbContext db, IReadOnlyList<PointAward> added, IReadOnlyList<PointAward> changed,
        IReadOnlyList<int> removed, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Point awards are written inside a unit of work.");
        if (added.Count + changed.Count + removed.Count == 0) return 0;
        var connection = db.Database.GetDbConnection();
        if (db.Database.IsNpgsql())
            await PostgresAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, added, changed, removed, cancellationToken);
        else
            SqliteWrite(connection, transaction, added, changed, removed, cancellationToken);
        return added.Count + changed.Count + removed.Count;
    }

    private static async Task PostgresAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PointAward> added,
        IReadOnlyList<PointAward> changed, IReadOnlyList<int> removed, CancellationToken cancellationToken)
    {
        // Removed awards, and any row of an added record under another year (a date moved across years): COPY cannot take them over.
        var gone = removed.Concat(added.Select(a => a.RecordId)).ToArray();
        if (gone.Length > 0)
            await using (var command = new NpgsqlCommand("""DELETE FROM "PointAwards" WHERE "RecordId" = ANY(@ids)""", connection, transaction))
            {
                command.Parameters.AddWithValue("ids", gone);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        if (changed.Count > 0)
            // One statement over arrays; the record (the key, and the foreign key) is unchanged, so no key is checked again.
            await using (var command = new NpgsqlCommand("""
                UPDATE "PointAwards" AS a SET "PersonId" = c.person, "KindId" = c.kind, "Date" = c.day, "PointsBeforeCap" = c.before, "Points" = c.points, "Cut" = c.cut
                FROM unnest(@ids, @people, @kinds, @days, @befores, @points, @cuts) AS c(id, person, kind, day, before, points, cut)
                WHERE a."RecordId" = c.id
                """, connection, transaction))
            {
                command.Parameters.AddWithValue("ids", changed.Select(a => a.RecordId).ToArray());
                command.Parameters.AddWithValue("people", changed.Select(a => a.PersonId).ToArray());
                command.Parameters.AddWithValue("kinds", changed.Select(a => a.KindId).ToArray());
                command.Parameters.AddWithValue("days", NpgsqlDbType.Array | NpgsqlDbType.Date, changed.Select(a => a.Date).ToArray());
                command.Parameters.AddWithValue("befores", changed.Select(a => a.PointsBeforeCap).ToArray());
                command.Parameters.AddWithValue("points", changed.Select(a => a.Points).ToArray());
                command.Parameters.AddWithValue("cuts", NpgsqlDbType.Array | NpgsqlDbType.Varchar, changed.Select(a => StoredNames.Of(a.Cut)).ToArray());
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        if (added.Count == 0) return;
        await using var writer = await connection.BeginBinaryImportAsync($"COPY \"PointAwards\" ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var a in added)
        {
            // Values go into the writer's buffer (flushed as it fills); the synchronous calls skip a task per value.
            cancellationToken.ThrowIfCancellationRequested();
            writer.StartRow();
            writer.Write(a.RecordId, NpgsqlDbType.Integer);
            writer.Write(a.PersonId, NpgsqlDbType.Integer);
            writer.Write(a.FiscalYear, NpgsqlDbType.Integer);
            writer.Write(a.KindId, NpgsqlDbType.Integer);
            writer.Write(a.Date, NpgsqlDbType.Date);
            writer.Write(a.PointsBeforeCap, NpgsqlDbType.Integer);
            writer.Write(a.Points, NpgsqlDbType.Integer);
            writer.Write(StoredNames.Of(a.Cut), NpgsqlDbType.Varchar);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    private static void SqliteWrite(DbConnection connection, DbTransaction transaction, IReadOnlyList<PointAward> added, IReadOnlyList<PointAward> changed,
        IReadOnlyList<int> removed, CancellationToken cancellationToken)
    {
        // Synchronous on purpose: Microsoft.Data.Sqlite's async is a wrapper, and its cost per row is the write's largest part.
        if (removed.Count > 0)
        {
            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM \"PointAwards\" WHERE \"RecordId\" = $r";
            var id = delete.CreateParameter();
            id.ParameterName = "$r";
            delete.Parameters.Add(id);
            delete.Prepare();
            foreach (var recordId in removed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                id.Value = recordId;
                delete.ExecuteNonQuery();
            }
        }
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // OR REPLACE: a changed award, or a row of the same record under another year, is taken over (the key's own check, no extra cost).
        command.CommandText = $"INSERT OR REPLACE INTO \"PointAwards\" ({Columns}) VALUES ($r, $p, $y, $k, $d, $b, $a, $c)";
        var parameters = new DbParameter[8];
        foreach (var (name, i) in new[] { "$r", "$p", "$y", "$k", "$d", "$b", "$a", "$c" }.Select((n, i) => (n, i)))
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = name;
            command.Parameters.Add(parameters[i]);
        }
        command.Prepare();
        // In record order: SQLite appends to its table rather than inserting all over it.
        foreach (var a in added.Concat(changed).OrderBy(a => a.RecordId))
        {
            cancellationToken.ThrowIfCancellationRequested();
            parameters[0].Value = a.RecordId;
            parameters[1].Value = a.PersonId;
            parameters[2].Value = a.FiscalYear;
            parameters[3].Value = a.KindId;
            parameters[4].Value = Day(a.Date, postgres: false);
            parameters[5].Value = a.PointsBeforeCap;
            parameters[6].Value = a.Points;
            parameters[7].Value = StoredNames.Of(a.Cut);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>A date as each provider stores it: PostgreSQL's date, SQLite's text (as EF writes it).</summary>
    private static object Day(DateOnly day, bool postgres) => postgres ? day : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Runs one query through a plain data reader inside the running unit of work's transaction.</summary>
    private static async Task ReadAsync(TrainingDbContext db, string sql, Action<Action<string, object>> parameters, Action<DbDataReader> read,
        CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Point awards are derived inside a unit of work.");
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        parameters((name, value) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        read(reader);
    }
}
