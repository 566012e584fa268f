using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Training.Activities;

namespace Training.Data;

/// <summary>
/// Writes derived point awards in bulk inside the running unit of work's transaction: PostgreSQL by binary COPY,
/// SQLite by multi-row inserts of one prepared shape. A row already there for a record (a record whose date moved to
/// another fiscal year, not yet re-derived there) is taken over, so a record never has two awards.
/// </summary>
public static class PointAwardStore
{
    private const string Columns = "\"RecordId\", \"PersonId\", \"FiscalYear\", \"KindId\", \"Date\", \"PointsBeforeCap\", \"Points\", \"Cut\"";
    private const int RowsPerInsert = 200;

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
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(a.RecordId, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(a.PersonId, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(a.FiscalYear, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(a.KindId, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(a.Date, NpgsqlDbType.Date, cancellationToken);
            await writer.WriteAsync(a.PointsBeforeCap, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(a.Points, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(StoredNames.Of(a.Cut), NpgsqlDbType.Varchar, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
        return awards.Count;
    }

    private static async Task<int> InsertAsync(DbConnection connection, DbTransaction transaction, IEnumerable<PointAward> awards, CancellationToken cancellationToken)
    {
        DbCommand? full = null;
        var batch = new List<PointAward>(RowsPerInsert);
        var written = 0;
        try
        {
            foreach (var award in awards)
            {
                batch.Add(award);
                if (batch.Count < RowsPerInsert) continue;
                full ??= Prepare(connection, transaction, RowsPerInsert);
                await RunAsync(full, batch, cancellationToken);
                written += batch.Count;
                batch.Clear();
            }
            if (batch.Count > 0)
            {
                await using var rest = Prepare(connection, transaction, batch.Count);
                await RunAsync(rest, batch, cancellationToken);
                written += batch.Count;
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }
        return written;
    }

    private static DbCommand Prepare(DbConnection connection, DbTransaction transaction, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder($"INSERT INTO \"PointAwards\" ({Columns}) VALUES ");
        for (var i = 0; i < rows; i++)
        {
            if (i > 0) sql.Append(',');
            sql.Append('(');
            for (var c = 0; c < 8; c++)
            {
                if (c > 0) sql.Append(',');
                var name = $"@p{i}_{c}";
                sql.Append(name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            sql.Append(')');
        }
        sql.Append(""" ON CONFLICT ("RecordId") DO UPDATE SET "PersonId" = excluded."PersonId", "FiscalYear" = excluded."FiscalYear", "KindId" = excluded."KindId", "Date" = excluded."Date", "PointsBeforeCap" = excluded."PointsBeforeCap", "Points" = excluded."Points", "Cut" = excluded."Cut" """);
        command.CommandText = sql.ToString();
        command.Prepare();
        return command;
    }

    private static async Task RunAsync(DbCommand command, List<PointAward> batch, CancellationToken cancellationToken)
    {
        var parameters = command.Parameters;
        for (var i = 0; i < batch.Count; i++)
        {
            var a = batch[i];
            var at = i * 8;
            parameters[at].Value = a.RecordId;
            parameters[at + 1].Value = a.PersonId;
            parameters[at + 2].Value = a.FiscalYear;
            parameters[at + 3].Value = a.KindId;
            parameters[at + 4].Value = a.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            parameters[at + 5].Value = a.PointsBeforeCap;
            parameters[at + 6].Value = a.Points;
            parameters[at + 7].Value = StoredNames.Of(a.Cut);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
