using Training.Data;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Training.Configuration;

namespace Training.Storage;

/// <summary>What a backup holds, written last into its folder: a folder without it is an unfinished backup.</summary>
public sealed record BackupManifest(string Provider, DateTime CreatedAtUtc, Dictionary<string, string> Sha256ByFile);

public sealed class BackupException(string message) : Exception(message);

/// <summary>
/// Backs up and restores everything the city cannot re-create: the database (SQLite through its online backup API,
/// which copies a consistent snapshot, WAL included, while the app keeps writing; PostgreSQL with pg_dump/pg_restore)
/// and the files under Site:DataDirectory (issued certificate PDFs, check-in passes, stored attachments).
/// A restore checks every file against the manifest before it changes anything.
/// </summary>
public class Backups(IOptions<DatabaseOptions> database, IOptions<JobsOptions> jobs, IOptions<SiteOptions> site, TimeProvider time)
{
    private const string ManifestFile = "manifest.json";
    private const string FilesFolder = "files";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private string SqliteFile => new SqliteConnectionStringBuilder(database.Value.ConnectionString).DataSource;

    /// <summary>Writes a new backup folder under <paramref name="parent"/> and returns its path.</summary>
    public async Task<string> CreateAsync(string parent, CancellationToken cancellationToken = default)
    {
        if (!database.Value.IsPostgreSql && !File.Exists(SqliteFile))
            throw new BackupException($"There is no database at {SqliteFile} to back up.");
        var now = time.GetUtcNow().UtcDateTime;
        var folder = Path.Combine(parent, $"training-backup-{now:yyyyMMdd-HHmmss}");
        if (Directory.Exists(folder)) folder += "-" + Guid.NewGuid().ToString("N")[..6];
        Directory.CreateDirectory(folder);

        if (database.Value.IsPostgreSql)
            await RunAsync("pg_dump", ["--format=custom", "--no-owner", "--file", Path.Combine(folder, "training.dump")], database.Value.ConnectionString, cancellationToken);
        else
        {
            SqliteSnapshot(database.Value.ConnectionString, Path.Combine(folder, "training.db"));
            if (File.Exists(jobs.Value.StoragePath))
                SqliteSnapshot($"Data Source={jobs.Value.StoragePath}", Path.Combine(folder, "hangfire.db"));
        }
        // Import previews are personal data waiting a day at most for a click: never worth keeping in a backup.
        CopyFiles(site.Value.DataDirectory, Path.Combine(folder, FilesFolder), DatabaseFiles(),
            Path.GetFullPath(Path.Combine(site.Value.DataDirectory, People.ImportUploads.FolderName)));

        var checksums = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), Sha256);
        await File.WriteAllTextAsync(Path.Combine(folder, ManifestFile),
            JsonSerializer.Serialize(new BackupManifest(database.Value.Provider, now, checksums), Json), cancellationToken);
        return folder;
    }

    /// <summary>
    /// Restores a backup over the configured database and data folder. Stop the app first (every node): a running
    /// app would keep writing to what is being replaced.
    /// </summary>
    public async Task RestoreAsync(string folder, CancellationToken cancellationToken = default)
    {
        var manifest = Verify(folder);
        if (!string.Equals(manifest.Provider, database.Value.Provider, StringComparison.OrdinalIgnoreCase))
            throw new BackupException($"This backup is of a {manifest.Provider} database; Database:Provider is {database.Value.Provider}.");

        if (database.Value.IsPostgreSql)
            await RunAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", Path.Combine(folder, "training.dump")],
                database.Value.ConnectionString, cancellationToken);
        else
        {
            SqliteConnection.ClearAllPools();
            ReplaceSqlite(Path.Combine(folder, "training.db"), SqliteFile);
            if (File.Exists(Path.Combine(folder, "hangfire.db"))) ReplaceSqlite(Path.Combine(folder, "hangfire.db"), jobs.Value.StoragePath);
        }
        CopyFiles(Path.Combine(folder, FilesFolder), site.Value.DataDirectory, []);
    }

    /// <summary>Reads the manifest and checks every file it lists; refuses an unfinished or altered backup.</summary>
    public static BackupManifest Verify(string folder)
    {
        var manifestPath = Path.Combine(folder, ManifestFile);
        if (!File.Exists(manifestPath))
            throw new BackupException($"{folder} is not a finished backup: {ManifestFile} is missing.");
        var manifest = JsonSerializer.Deserialize<BackupManifest>(File.ReadAllText(manifestPath))
                       ?? throw new BackupException($"{manifestPath} cannot be read.");
        foreach (var (file, expected) in manifest.Sha256ByFile)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path)) throw new BackupException($"The backup is incomplete: {file} is missing.");
            if (Sha256(path) != expected) throw new BackupException($"The backup is damaged: {file} does not match its checksum.");
        }
        return manifest;
    }

    private static void SqliteSnapshot(string connectionString, string target)
    {
        using var source = new SqliteConnection(connectionString);
        source.Open();
        using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        destination.Open();
        source.BackupDatabase(destination);
    }

    private static void ReplaceSqlite(string backup, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        // A WAL left from the replaced database would be replayed into the restored one.
        foreach (var suffix in new[] { "-wal", "-shm", "-journal" }) File.Delete(target + suffix);
        var staging = target + ".restoring";
        File.Copy(backup, staging, overwrite: true);
        File.Move(staging, target, overwrite: true);
    }

    /// <summary>The SQLite files inside the data folder: backed up through SQLite, never copied raw.</summary>
    private HashSet<string> DatabaseFiles()
    {
        if (database.Value.IsPostgreSql) return [];
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in new[] { SqliteFile, jobs.Value.StoragePath })
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            files.Add(Path.GetFullPath(path + suffix));
        return files;
    }

    private static void CopyFiles(string from, string to, HashSet<string> except, string? exceptFolder = null)
    {
        if (!Directory.Exists(from)) return;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (except.Contains(Path.GetFullPath(file))) continue;
            if (exceptFolder is not null && Path.GetFullPath(file).StartsWith(exceptFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Runs pg_dump or pg_restore with the connection in libpq's environment variables (no password on the command line).</summary>
    private static async Task RunAsync(string tool, string[] arguments, string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--dbname");
        start.ArgumentList.Add(connection.Database ?? "");
        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (connection.Username is { } user) start.Environment["PGUSER"] = user;
        if (connection.Password is { } password) start.Environment["PGPASSWORD"] = password;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BackupException($"{tool} could not be started.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new BackupException($"{tool} was not found; install PostgreSQL's client tools (apt-get install postgresql-client).");
        }
        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0) throw new BackupException($"{tool} failed ({process.ExitCode}): {(await errors).Trim()}");
        }
    }
}
