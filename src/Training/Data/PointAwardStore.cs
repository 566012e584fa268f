using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Training.Activities;

namespace Training.Data;

/// <summary>
/// Writes derived point awards in bulk inside the running unit of work's transaction: PostgreSQL by binary COPY,
/// SQLite by one prepared insert run per row. A row already there for a record (a record whose date moved to
/// another fiscal year, not yet re-derived there) is taken over, so a record never has two awards.
/// </summary>
public static class PointAwardStore
{
    private const string Columns = "\"RecordId\", \"PersonId\", \"FiscalYear\", \"KindId\", \"Date\", \"PointsBeforeCap\", \"Points\", \"Cut\"";

    public static async Task<int> WriteAsync(TrainingDbContext db, IEnumerable<PointAward> awards, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Point awards are written inside a unit of work.");
        var connection = db.Database.GetDbConnection();
        return db.Database.IsNpgsql()
            ? await CopyAsync((NpgsqlConnection)connection, transaction, awards.ToList(), cancellationToken)
            : await InsertAsync(connection, transaction, awards, cancellationToken);
    }

    private static async Task<int> CopyAsync(NpgsqlConnection connection, DbTransaction transaction, List<PointAward> awards, CancellationToken cancellationToken)
    {
        if (awards.Count == 0) return 0;
        // Rows of these records under another year (a date moved across years) go first: COPY cannot take them over.
        await using (var command = new NpgsqlCommand("""DELETE FROM "PointAwards" WHERE "FiscalYear" <> @year AND "RecordId" = ANY(@ids)""", connection, (NpgsqlTransaction)transaction))
        {
            command.Parameters.AddWithValue("year", awards[0].FiscalYear);
            command.Parameters.AddWithValue("ids", awards.Select(a => a.RecordId).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var writer = await connection.BeginBinaryImportAsync($"COPY \"PointAwards\" ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var a in awards)
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
        return awards.Count;
    }

    private static async Task<int> InsertAsync(DbConnection connection, DbTransaction transaction, IEnumerable<PointAward> awards, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // OR REPLACE: a row of the same record under another year is taken over (the check is the key's own, no extra cost).
        command.CommandText = $"INSERT OR REPLACE INTO \"PointAwards\" ({Columns}) VALUES ($r, $p, $y, $k, $d, $b, $a, $c)";
        var parameters = new DbParameter[8];
        foreach (var (name, i) in new[] { "$r", "$p", "$y", "$k", "$d", "$b", "$a", "$c" }.Select((n, i) => (n, i)))
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = name;
            command.Parameters.Add(parameters[i]);
        }
        command.Prepare();
        var written = 0;
        foreach (var a in awards)
        {
            parameters[0].Value = a.RecordId;
            parameters[1].Value = a.PersonId;
            parameters[2].Value = a.FiscalYear;
            parameters[3].Value = a.KindId;
            parameters[4].Value = a.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            parameters[5].Value = a.PointsBeforeCap;
            parameters[6].Value = a.Points;
            parameters[7].Value = StoredNames.Of(a.Cut);
            // Synchronous on purpose: Microsoft.Data.Sqlite's async is a wrapper, and its cost per row is the write's largest part.
            command.ExecuteNonQuery();
            written++;
        }
        return written;
    }
}
