using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;
using Training.Activities;

namespace Training.Data;

/// <summary>
/// The derivation's reads and writes inside the running unit of work's transaction: each counted record of a fiscal
/// year (of one helper or all) with the award row already written for it, the awards left over (of records that no
/// longer count there), and the differences written back — awards of records with no row (PostgreSQL by binary COPY),
/// awards whose row differs in its values or its year, helper, kind or day (PostgreSQL by one UPDATE over arrays;
/// SQLite takes both through one prepared INSERT OR REPLACE), and left-over awards deleted. A row already there for a
/// record under another fiscal year (a record whose date moved, not yet re-derived there) is taken over, so a record
/// never has two awards. SQLite is read and written through its own interface (SQLitePCL) rather than the data reader,
/// which cost as much again as SQLite's own work on half a million rows; PostgreSQL through Npgsql's.
/// </summary>
public static class PointAwardStore
{
    private const string Columns = "\"RecordId\", \"PersonId\", \"FiscalYear\", \"KindId\", \"Date\", \"PointsBeforeCap\", \"Points\", \"Cut\"";

    /// <summary>
    /// The counted records dated in [<paramref name="from"/>, <paramref name="until"/>), of one helper or all, with the
    /// activity's kind, the helper's birth year and the award row already written for each (<see cref="WrittenAward"/>),
    /// unordered; and the awards of the derivation's scope (the fiscal year's, or the helper's of that year) whose
    /// record is no longer among them — cancelled, pending again, moved to another year or deleted.
    /// </summary>
    public static async Task<(List<PointRow> Rows, List<int> LeftOver)> ReadAsync(TrainingDbContext db, int fiscalYear, DateOnly from, DateOnly until, int? personId,
        CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        var scope = new Scope(fiscalYear, personId, [
            ("@year", fiscalYear), ("@confirmed", StoredNames.Of(RecordStatus.Confirmed)), ("@from", Day(from, postgres)), ("@until", Day(until, postgres)),
            .. personId is { } id ? new (string, object)[] { ("@person", id) } : []]);
        // The activities' kinds and the helpers' birth years are looked up here rather than joined to each record: on
        // SQLite the two joins (a wide row read for one column, half a million times) cost more than the records' own read.
        var kinds = new Dictionary<int, int>();
        await ReadAsync(db, """SELECT "Id", "KindId" FROM "LocalActivities" """, _ => { }, reader =>
        {
            while (reader.Read()) kinds[reader.GetInt32(0)] = reader.GetInt32(1);
        }, cancellationToken);
        var born = new Dictionary<int, int?>();
        await ReadAsync(db, $"""SELECT "Id", "BirthYear" FROM "People"{(scope.One ? " WHERE \"Id\" = @person" : "")}""", scope.Bind, reader =>
        {
            while (reader.Read()) born[reader.GetInt32(0)] = reader.IsDBNull(1) ? null : reader.GetInt32(1);
        }, cancellationToken);
        PointItem Item(int recordId, int person, int activity, DateOnly date, TimeOnly start, int minutes, int visits, DateTime startsAt) =>
            new(recordId, person, kinds[activity], date, start, minutes, visits, born.GetValueOrDefault(person), startsAt);
        var rows = new List<PointRow>(scope.One ? 16 : 1 << 16);
        return postgres
            ? await PostgresReadAsync(db, scope, Item, rows, cancellationToken)
            : await SqliteReadAsync(db, scope, Item, rows, from, until, cancellationToken);
    }

    /// <summary>What a derivation covers: a fiscal year, of every helper or one; and the parameters its queries take.</summary>
    private sealed record Scope(int FiscalYear, int? PersonId, IReadOnlyList<(string Name, object Value)> Parameters)
    {
        public bool One => PersonId is not null;

        /// <summary>The scope's counted records (alias r), with SQLite's <paramref name="hint"/> and a <paramref name="join"/>.</summary>
        public string Records(string hint = "", string join = "") => $"""
            FROM "ActivityRecords" AS r{hint}{join}
            WHERE r."Status" = @confirmed AND r."CancelledAt" IS NULL AND r."Date" >= @from AND r."Date" < @until{(One ? " AND r.\"PersonId\" = @person" : "")}
            """;

        /// <summary>"" or the condition on the awards' helper, for the awards of this scope.</summary>
        public string AwardsOfPerson(string alias) => One ? $" AND {alias}\"PersonId\" = @person" : "";

        public void Bind(Action<string, object> parameter)
        {
            foreach (var (name, value) in Parameters) parameter(name, value);
        }

        /// <summary>How the row already written for <paramref name="item"/> stands to this scope.</summary>
        public WrittenAward Written(PointItem item, int year, int person, int kind, bool sameDay, int before, int points, PointCut cut) =>
            new(year != FiscalYear || (One && person != PersonId) ? WrittenKey.Elsewhere
                : person == item.PersonId && kind == item.KindId && sameDay ? WrittenKey.Same : WrittenKey.InScope, before, points, cut);
    }

    private delegate PointItem ItemOf(int recordId, int person, int activity, DateOnly date, TimeOnly start, int minutes, int visits, DateTime startsAt);

    /// <summary>
    /// SQLite: the records joined to their award rows by the awards' key (SQLite's cheapest lookup), read through its
    /// own interface; then, only when the scope holds awards the read did not meet, those left over.
    /// </summary>
    private static async Task<(List<PointRow>, List<int>)> SqliteReadAsync(TrainingDbContext db, Scope scope, ItemOf item, List<PointRow> rows,
        DateOnly from, DateOnly until, CancellationToken cancellationToken)
    {
        var cut = string.Join(" ", Enum.GetValues<PointCut>().Select(c => $"WHEN '{StoredNames.Of(c)}' THEN {(int)c}"));
        // The year's records are read straight through the table when they are most of it (in the table's order, which
        // is also the awards'), rather than through the date index and a jump to each row.
        var sql = $"""
            SELECT r."Id", r."PersonId", r."LocalActivityId", r."Date", r."StartTime", r."Minutes", r."Visits", r."StartsAt",
                w."FiscalYear", w."PersonId", w."KindId", w."Date" = r."Date", w."PointsBeforeCap", w."Points", CASE w."Cut" {cut} ELSE -1 END
            {scope.Records(!scope.One && await MostOfTableAsync(db, from, until, cancellationToken) ? " NOT INDEXED" : "",
                " LEFT JOIN \"PointAwards\" AS w ON w.\"RecordId\" = r.\"Id\"")}
            """;
        var met = 0;
        SqliteRead(db, sql, scope.Parameters, statement =>
        {
            // The values straight from SQLite's row; dates, times and instants parsed from the text EF wrote, with no string made.
            var read = item(raw.sqlite3_column_int(statement, 0), raw.sqlite3_column_int(statement, 1), raw.sqlite3_column_int(statement, 2),
                StoredText.Day(raw.sqlite3_column_blob(statement, 3)), StoredText.Time(raw.sqlite3_column_blob(statement, 4)),
                raw.sqlite3_column_int(statement, 5), raw.sqlite3_column_int(statement, 6), StoredText.Instant(raw.sqlite3_column_blob(statement, 7)));
            var written = raw.sqlite3_column_type(statement, 8) == raw.SQLITE_NULL ? default
                : scope.Written(read, raw.sqlite3_column_int(statement, 8), raw.sqlite3_column_int(statement, 9), raw.sqlite3_column_int(statement, 10),
                    raw.sqlite3_column_int(statement, 11) == 1, raw.sqlite3_column_int(statement, 12), raw.sqlite3_column_int(statement, 13),
                    (PointCut)raw.sqlite3_column_int(statement, 14));
            if (written.InScope) met++;
            rows.Add(new PointRow(read, written));
        }, cancellationToken);

        var inScope = 0L;
        await ReadAsync(db, $"""SELECT COUNT(*) FROM "PointAwards" AS w WHERE w."FiscalYear" = @year{scope.AwardsOfPerson("w.")}""", scope.Bind,
            reader => inScope = reader.Read() ? reader.GetInt64(0) : 0, cancellationToken);
        var left = new List<int>();
        if (inScope != met)
            await ReadAsync(db, $"""
                SELECT w."RecordId" FROM "PointAwards" AS w
                WHERE w."FiscalYear" = @year{scope.AwardsOfPerson("w.")} AND NOT EXISTS (SELECT 1 {scope.Records()} AND r."Id" = w."RecordId")
                """, scope.Bind, reader =>
            {
                while (reader.Read()) left.Add(reader.GetInt32(0));
            }, cancellationToken);
        return (rows, left);
    }

    /// <summary>
    /// PostgreSQL: the records, and the scope's awards, each read on its own and matched here by record (PostgreSQL's
    /// hash join of the two cost three times their two reads); then any award row of an unmatched record under another
    /// year or helper, so that it is taken over rather than copied twice.
    /// </summary>
    private static async Task<(List<PointRow>, List<int>)> PostgresReadAsync(TrainingDbContext db, Scope scope, ItemOf item, List<PointRow> rows,
        CancellationToken cancellationToken)
    {
        // PostgreSQL compiles scans this large with its JIT on every run, more than the JIT then saves (as ReportReads found).
        if (!scope.One) await db.Database.ExecuteSqlRawAsync("SET LOCAL jit = off", cancellationToken);
        var awards = new Dictionary<int, (int Person, int Kind, DateOnly Date, int Before, int Points, PointCut Cut)>(scope.One ? 16 : 1 << 16);
        var cuts = Enum.GetValues<PointCut>().ToDictionary(StoredNames.Of);
        var awardColumns = """SELECT w."RecordId", w."FiscalYear", w."PersonId", w."KindId", w."Date", w."PointsBeforeCap", w."Points", w."Cut" FROM "PointAwards" AS w""";
        await ReadAsync(db, $"""{awardColumns} WHERE w."FiscalYear" = @year{scope.AwardsOfPerson("w.")}""", scope.Bind, reader =>
        {
            while (reader.Read())
                awards[reader.GetInt32(0)] = (reader.GetInt32(2), reader.GetInt32(3), reader.GetFieldValue<DateOnly>(4), reader.GetInt32(5), reader.GetInt32(6), cuts[reader.GetString(7)]);
        }, cancellationToken);

        var unmatched = new List<int>();
        var sql = $"""
            SELECT r."Id", r."PersonId", r."LocalActivityId", r."Date", r."StartTime", r."Minutes", r."Visits", r."StartsAt"
            {scope.Records()}
            """;
        await ReadAsync(db, sql, scope.Bind, reader =>
        {
            while (reader.Read())
            {
                var read = item(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetFieldValue<DateOnly>(3), reader.GetFieldValue<TimeOnly>(4),
                    reader.GetInt32(5), reader.GetInt32(6), DateTime.SpecifyKind(reader.GetDateTime(7), DateTimeKind.Utc));
                if (awards.Remove(read.RecordId, out var a))
                    rows.Add(new PointRow(read, scope.Written(read, scope.FiscalYear, a.Person, a.Kind, a.Date == read.Date, a.Before, a.Points, a.Cut)));
                else
                {
                    rows.Add(new PointRow(read, default));
                    unmatched.Add(rows.Count - 1);
                }
            }
        }, cancellationToken);

        if (unmatched.Count > 0)
        {
            var at = unmatched.ToDictionary(i => rows[i].Item.RecordId);
            await using var command = new NpgsqlCommand($"""{awardColumns} WHERE w."RecordId" = ANY(@ids)""", (NpgsqlConnection)db.Database.GetDbConnection(),
                (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction());
            command.Parameters.AddWithValue("ids", at.Keys.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var i = at[reader.GetInt32(0)];
                var read = rows[i].Item;
                rows[i] = new PointRow(read, scope.Written(read, reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetFieldValue<DateOnly>(4) == read.Date,
                    reader.GetInt32(5), reader.GetInt32(6), cuts[reader.GetString(7)]));
            }
        }
        return (rows, awards.Keys.ToList());
    }

    /// <summary>
    /// Whether the records dated in [<paramref name="from"/>, <paramref name="until"/>) are more than a third of the
    /// table (SQLite: both counted from indexes, a few tens of milliseconds for half a million records).
    /// </summary>
    private static async Task<bool> MostOfTableAsync(TrainingDbContext db, DateOnly from, DateOnly until, CancellationToken cancellationToken)
    {
        long all = 0, dated = 0;
        await ReadAsync(db, """
            SELECT (SELECT COUNT(*) FROM "ActivityRecords"), (SELECT COUNT(*) FROM "ActivityRecords" WHERE "Date" >= @from AND "Date" < @until)
            """, parameter =>
        {
            parameter("@from", Day(from, postgres: false));
            parameter("@until", Day(until, postgres: false));
        }, reader =>
        {
            if (reader.Read()) (all, dated) = (reader.GetInt64(0), reader.GetInt64(1));
        }, cancellationToken);
        return dated * 3 > all;
    }

    /// <summary>
    /// Runs <paramref name="work"/> (a whole year's derivation) with SQLite's page cache large enough for the year's
    /// records and awards — with the default 2 MB, every award looked up or written past the first few thousand goes back
    /// to the file, which cost the write as much again — and sets the connection's cache back after. PostgreSQL: as it is.
    /// </summary>
    public static async Task<T> WithLargeCacheAsync<T>(TrainingDbContext db, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql()) return await work();
        var connection = db.Database.GetDbConnection();
        long before;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "PRAGMA cache_size";
            before = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            command.CommandText = $"PRAGMA cache_size = {-LargeCacheKibibytes}";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            return await work();
        }
        finally
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = $"PRAGMA cache_size = {before.ToString(CultureInfo.InvariantCulture)}";
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>64 MB: a year's awards, their index and the helpers held while the records are read past them (about 30 MB for half a million awards).</summary>
    private const int LargeCacheKibibytes = 64 * 1024;

    /// <summary>
    /// Writes the differences of a derivation: <paramref name="added"/> (records with no award row at all),
    /// <paramref name="changed"/> (records whose award row differs — in its values, or in its year, helper, kind or day)
    /// and <paramref name="removed"/> (awards of records that no longer count there). Returns the number of rows written or deleted.
    /// </summary>
    /// <remarks>
    /// In bulk, from <paramref name="bulkFrom"/> awards added or changed at once (a first derivation, a rule change that
    /// moves most of them) that are also four fifths of the table once written: the table's secondary indexes are dropped
    /// before the write and made again after it, inside the unit's transaction (DDL is transactional on both providers, so
    /// a failure half-way rolls the drop back with the rows). Making the index again covers every fiscal year's awards,
    /// not only those written, and per row costs about what keeping it up saves (SQLite: 1.3 against 1.6 µs of CPU,
    /// benchmarks/README.md), hence the share.
    /// </remarks>
    public static async Task<int> WriteChangesAsync(TrainingDbContext db, IReadOnlyList<PointAward> added, IReadOnlyList<PointAward> changed,
        IReadOnlyList<int> removed, int bulkFrom, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Point awards are written inside a unit of work.");
        if (added.Count + changed.Count + removed.Count == 0) return 0;
        var writing = added.Count + changed.Count;
        var bulk = writing >= bulkFrom && writing * 5 >= (await CountAsync(db, cancellationToken) + added.Count) * 4;
        if (db.Database.IsNpgsql())
            await PostgresAsync(db, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction, added, changed, removed, bulk, cancellationToken);
        else
            await SqliteWriteAsync(db, added, changed, removed, bulk, cancellationToken);
        return added.Count + changed.Count + removed.Count;
    }

    /// <summary>
    /// The fewest awards added or changed at once for which the write goes without the secondary indexes (see
    /// benchmarks/README.md, "Issue 27: the first derivation written in bulk"). <see cref="Points"/> may be given another.
    /// </summary>
    public const int BulkFrom = 20_000;


    private static async Task<long> CountAsync(TrainingDbContext db, CancellationToken cancellationToken)
    {
        long count = 0;
        await ReadAsync(db, """SELECT COUNT(*) FROM "PointAwards" """, _ => { }, reader => count = reader.Read() ? reader.GetInt64(0) : 0, cancellationToken);
        return count;
    }

    /// <summary>
    /// The awards table's secondary indexes as the database defines them (name and the statement that makes each), the
    /// primary key's own left out: what a bulk write drops and then makes again exactly as it was.
    /// </summary>
    private static async Task<List<(string Name, string Create)>> SecondaryIndexesAsync(TrainingDbContext db, CancellationToken cancellationToken)
    {
        var sql = db.Database.IsNpgsql()
            ? """
              SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index AS x JOIN pg_class AS i ON i.oid = x.indexrelid
              WHERE x.indrelid = '"PointAwards"'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = x.indexrelid)
              ORDER BY i.relname
              """
            // sql is null for the indexes SQLite makes itself for a key or a unique constraint.
            : """SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'PointAwards' AND sql IS NOT NULL ORDER BY name""";
        var indexes = new List<(string, string)>();
        await ReadAsync(db, sql, _ => { }, reader =>
        {
            while (reader.Read()) indexes.Add((reader.GetString(0), reader.GetString(1)));
        }, cancellationToken);
        return indexes;
    }

    private static async Task PostgresAsync(TrainingDbContext db, NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PointAward> added,
        IReadOnlyList<PointAward> changed, IReadOnlyList<int> removed, bool bulk, CancellationToken cancellationToken)
    {
        var indexes = bulk ? await SecondaryIndexesAsync(db, cancellationToken) : [];
        foreach (var (name, _) in indexes)
            await using (var command = new NpgsqlCommand($"DROP INDEX \"{name}\"", connection, transaction))
                await command.ExecuteNonQueryAsync(cancellationToken);
        await PostgresRowsAsync(connection, transaction, added, changed, removed, cancellationToken);
        foreach (var (_, create) in indexes)
            await using (var command = new NpgsqlCommand(create, connection, transaction))
                await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task PostgresRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PointAward> added,
        IReadOnlyList<PointAward> changed, IReadOnlyList<int> removed, CancellationToken cancellationToken)
    {
        if (removed.Count > 0)
            await using (var command = new NpgsqlCommand("""DELETE FROM "PointAwards" WHERE "RecordId" = ANY(@ids)""", connection, transaction))
            {
                command.Parameters.AddWithValue("ids", removed.ToArray());
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        if (changed.Count > 0)
            // One statement over arrays, the row of each record taken over whatever year it was under.
            await using (var command = new NpgsqlCommand("""
                UPDATE "PointAwards" AS a SET "PersonId" = c.person, "FiscalYear" = c.year, "KindId" = c.kind, "Date" = c.day, "PointsBeforeCap" = c.before, "Points" = c.points, "Cut" = c.cut
                FROM unnest(@ids, @people, @years, @kinds, @days, @befores, @points, @cuts) AS c(id, person, year, kind, day, before, points, cut)
                WHERE a."RecordId" = c.id
                """, connection, transaction))
            {
                command.Parameters.AddWithValue("ids", changed.Select(a => a.RecordId).ToArray());
                command.Parameters.AddWithValue("people", changed.Select(a => a.PersonId).ToArray());
                command.Parameters.AddWithValue("years", changed.Select(a => a.FiscalYear).ToArray());
                command.Parameters.AddWithValue("kinds", changed.Select(a => a.KindId).ToArray());
                command.Parameters.AddWithValue("days", NpgsqlDbType.Array | NpgsqlDbType.Date, changed.Select(a => a.Date).ToArray());
                command.Parameters.AddWithValue("befores", changed.Select(a => a.PointsBeforeCap).ToArray());
                command.Parameters.AddWithValue("points", changed.Select(a => a.Points).ToArray());
                command.Parameters.AddWithValue("cuts", NpgsqlDbType.Array | NpgsqlDbType.Varchar, changed.Select(a => StoredNames.Of(a.Cut)).ToArray());
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        if (added.Count == 0) return;
        await using var writer = await connection.BeginBinaryImportAsync($"COPY \"PointAwards\" ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        // In record order: each key lands beside the last in the primary key's index, rather than all over it (a quarter faster here).
        foreach (var a in added.OrderBy(a => a.RecordId))
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

    private static async Task SqliteWriteAsync(TrainingDbContext db, IReadOnlyList<PointAward> added, IReadOnlyList<PointAward> changed, IReadOnlyList<int> removed,
        bool bulk, CancellationToken cancellationToken)
    {
        // Through SQLite's own interface, one prepared statement each, values bound straight from the awards: the data
        // reader's command, parameters and boxing per row cost as much as SQLite's own work here.
        var handle = ((SqliteConnection)db.Database.GetDbConnection()).Handle!;
        var indexes = bulk ? await SecondaryIndexesAsync(db, cancellationToken) : [];
        foreach (var (name, _) in indexes) Check(handle, raw.sqlite3_exec(handle, $"DROP INDEX \"{name}\""));
        if (removed.Count > 0)
            SqliteEach(handle, """DELETE FROM "PointAwards" WHERE "RecordId" = ?1""", removed, static (statement, recordId) => raw.sqlite3_bind_int(statement, 1, recordId), cancellationToken);
        // OR REPLACE: a changed award, or a row of the same record under another year, is taken over (the key's own check, no extra cost).
        // In record order, the table's key (its rowid): each row lands beside the last rather than all over the table.
        SqliteEach(handle, $"INSERT OR REPLACE INTO \"PointAwards\" ({Columns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", added.Concat(changed).OrderBy(a => a.RecordId), static (statement, a) =>
        {
            Span<byte> day = stackalloc byte[10];
            a.Date.TryFormat(day, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            raw.sqlite3_bind_int(statement, 1, a.RecordId);
            raw.sqlite3_bind_int(statement, 2, a.PersonId);
            raw.sqlite3_bind_int(statement, 3, a.FiscalYear);
            raw.sqlite3_bind_int(statement, 4, a.KindId);
            raw.sqlite3_bind_text(statement, 5, day);
            raw.sqlite3_bind_int(statement, 6, a.PointsBeforeCap);
            raw.sqlite3_bind_int(statement, 7, a.Points);
            raw.sqlite3_bind_text(statement, 8, CutNames[(int)a.Cut]);
        }, cancellationToken);
        foreach (var (_, create) in indexes) Check(handle, raw.sqlite3_exec(handle, create));
    }

    /// <summary>The cuts' stored names as SQLite takes text (UTF-8), by the enum's value.</summary>
    private static readonly byte[][] CutNames = Enum.GetValues<PointCut>().Select(c => Encoding.UTF8.GetBytes(StoredNames.Of(c))).ToArray();

    /// <summary>Runs one SQLite statement once per value (bound by <paramref name="bind"/>), in the connection's running transaction.</summary>
    private static void SqliteEach<T>(sqlite3 handle, string sql, IEnumerable<T> values, Action<sqlite3_stmt, T> bind, CancellationToken cancellationToken)
    {
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        using (statement)
        {
            var count = 0;
            foreach (var value in values)
            {
                if ((count++ & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                bind(statement, value);
                Check(handle, raw.sqlite3_step(statement));
                raw.sqlite3_reset(statement);
            }
        }
    }

    /// <summary>A date as each provider stores it: PostgreSQL's date, SQLite's text (as EF writes it).</summary>
    private static object Day(DateOnly day, bool postgres) => postgres ? day : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs one SQLite query through SQLite's own interface on the context's connection (inside the running unit of
    /// work's transaction, which SQLite keeps per connection), calling <paramref name="row"/> on each row.
    /// </summary>
    private static void SqliteRead(TrainingDbContext db, string sql, IEnumerable<(string Name, object Value)> parameters, Action<sqlite3_stmt> row,
        CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("Point awards are derived inside a unit of work.");
        var handle = ((SqliteConnection)db.Database.GetDbConnection()).Handle!;
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        using (statement)
        {
            foreach (var (name, value) in parameters)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, name);
                if (index == 0) continue;
                Check(handle, value switch
                {
                    int number => raw.sqlite3_bind_int(statement, index, number),
                    string text => raw.sqlite3_bind_text(statement, index, text),
                    _ => throw new ArgumentException($"Parameter {name}: {value.GetType().Name} is not bound here."),
                });
            }
            int result;
            for (var count = 0; (result = raw.sqlite3_step(statement)) == raw.SQLITE_ROW; count++)
            {
                if ((count & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                row(statement);
            }
            if (result != raw.SQLITE_DONE) Check(handle, result);
        }
    }

    private static void Check(sqlite3 handle, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW)) throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), result);
    }

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

/// <summary>What is written already for a record, as the derivation compares it.</summary>
public enum WrittenKey
{
    /// <summary>No award row for the record: the new award is added.</summary>
    None,
    /// <summary>A row under another fiscal year (or, deriving one helper, another helper): taken over.</summary>
    Elsewhere,
    /// <summary>A row of the derivation's scope under another helper, kind or day: taken over.</summary>
    InScope,
    /// <summary>A row of the same year, helper, kind and day: rewritten only if its values differ.</summary>
    Same,
}

/// <summary>The award row already written for a record (its values, when <see cref="Key"/> is not None).</summary>
public readonly record struct WrittenAward(WrittenKey Key, int PointsBeforeCap, int Points, PointCut Cut)
{
    /// <summary>Whether the row counts among the derivation's scope (the year's awards, or the helper's of the year).</summary>
    public bool InScope => Key is WrittenKey.InScope or WrittenKey.Same;

    /// <summary>Whether <paramref name="award"/> (derived for the same record) would leave this row exactly as it is.</summary>
    public bool Holds(PointAward award) =>
        Key == WrittenKey.Same && PointsBeforeCap == award.PointsBeforeCap && Points == award.Points && Cut == award.Cut;
}

/// <summary>A counted record as the ledger needs it, with the award already written for it.</summary>
public readonly record struct PointRow(PointItem Item, WrittenAward Written);

/// <summary>
/// Dates, times and instants in the text forms EF Core writes to SQLite ("2026-04-01", "09:30:00", "2026-04-01
/// 00:30:00", with an optional fraction of a second), read from SQLite's UTF-8 without making a string or calling the
/// general parsers (which cost more than the rest of a whole year's read); any other form falls back to them.
/// </summary>
public static class StoredText
{
    public static DateOnly Day(ReadOnlySpan<byte> text) =>
        text.Length == 10 && TryDay(text, out var day) ? day : DateOnly.Parse(Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture);

    public static TimeOnly Time(ReadOnlySpan<byte> text) =>
        TryTime(text, out var time) ? time : TimeOnly.Parse(Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture);

    /// <summary>A UTC instant (the columns hold UTC, as <see cref="UtcDateTimeConverter"/> reads them).</summary>
    public static DateTime Instant(ReadOnlySpan<byte> text) =>
        text.Length >= 19 && text[10] is (byte)' ' or (byte)'T' && TryDay(text[..10], out var day) && TryTime(text[11..], out var time)
            ? new DateTime(day, time, DateTimeKind.Utc)
            : DateTime.SpecifyKind(DateTime.Parse(Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture), DateTimeKind.Utc);

    /// <summary>"yyyy-MM-dd", exactly.</summary>
    private static bool TryDay(ReadOnlySpan<byte> text, out DateOnly day)
    {
        day = default;
        if (text[4] != '-' || text[7] != '-') return false;
        var (year, month, date) = (Digits(text.Slice(0, 4)), Digits(text.Slice(5, 2)), Digits(text.Slice(8, 2)));
        if (year < 1 || month is < 1 or > 12 || date < 1 || date > DateTime.DaysInMonth(year, month)) return false;
        day = new DateOnly(year, month, date);
        return true;
    }

    /// <summary>"HH:mm:ss", with an optional fraction of one to seven digits.</summary>
    private static bool TryTime(ReadOnlySpan<byte> text, out TimeOnly time)
    {
        time = default;
        if (text.Length < 8 || text[2] != ':' || text[5] != ':') return false;
        var (hour, minute, second) = (Digits(text.Slice(0, 2)), Digits(text.Slice(3, 2)), Digits(text.Slice(6, 2)));
        if (hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59) return false;
        long ticks = 0;
        if (text.Length > 8)
        {
            var fraction = text[9..];
            if (text[8] != '.' || fraction.Length is < 1 or > 7 || Digits(fraction) is not (>= 0 and var digits)) return false;
            ticks = digits * TicksPerDigit[fraction.Length];
        }
        time = new TimeOnly(new TimeOnly(hour, minute, second).Ticks + ticks);
        return true;
    }

    /// <summary>What one unit of a fraction of 1 to 7 digits is worth in ticks.</summary>
    private static readonly long[] TicksPerDigit = [0, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

    /// <summary>The number the digits write; -1 if any is not a digit.</summary>
    private static int Digits(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var b in digits)
        {
            var digit = b - '0';
            if ((uint)digit > 9) return -1;
            value = value * 10 + digit;
        }
        return value;
    }
}
