using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Training.Data;

/// <summary>
/// Per-connection SQLite settings. In WAL mode synchronous=NORMAL keeps the database consistent and loses nothing
/// when the process crashes; only a power cut or OS crash can roll back the last commits. FULL syncs every commit.
/// </summary>
public sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous={synchronous};";
        command.ExecuteNonQuery();
    }
}
