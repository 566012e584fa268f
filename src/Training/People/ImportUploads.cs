using Hangfire;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Text;

namespace Training.People;

/// <summary>
/// A checked ledger file waits on the server between the preview and the confirming click, so what is imported is
/// exactly what was shown. It holds personal data, so it goes as soon as it is imported or cancelled, after a day when
/// nobody came back for it, and never into a backup.
/// </summary>
public class ImportUploads(IOptions<SiteOptions> site, TimeProvider time)
{
    /// <summary>The folder under Site:DataDirectory; backups leave it out.</summary>
    public const string FolderName = "imports";
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    private string Folder => Path.Combine(site.Value.DataDirectory, FolderName);

    public async Task<string> SaveAsync(byte[] content, CancellationToken cancellationToken = default)
    {
        var token = Tokens.New();
        Directory.CreateDirectory(Folder);
        await Task.Run(() => Storage.Files.WriteAtomically(PathOf(token)!, content), cancellationToken);
        return token;
    }

    /// <summary>The stored file, or null when the token is malformed, unknown or the file has gone.</summary>
    public async Task<byte[]?> ReadAsync(string? token, CancellationToken cancellationToken = default) =>
        PathOf(token) is { } path && File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;

    public void Delete(string? token)
    {
        if (PathOf(token) is { } path) File.Delete(path);
    }

    /// <summary>Deletes files nobody imported or cancelled within a day; returns how many.</summary>
    public int DeleteAbandoned()
    {
        if (!Directory.Exists(Folder)) return 0;
        var before = time.GetUtcNow().UtcDateTime - KeptFor;
        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            if (File.GetLastWriteTimeUtc(file) >= before) continue;
            File.Delete(file);
            deleted++;
        }
        return deleted;
    }

    private string? PathOf(string? token) =>
        string.IsNullOrEmpty(token) || token.Length > 64 || token.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_') ? null : Path.Combine(Folder, token);
}

/// <summary>Hourly: removes import files left behind by a preview nobody confirmed or cancelled.</summary>
public class ImportCleanupJob(ImportUploads uploads)
{
    public const string RecurringId = "import-cleanup";

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Delete abandoned import previews")]
    public Task RunAsync(CancellationToken cancellationToken)
    {
        uploads.DeleteAbandoned();
        return Task.CompletedTask;
    }
}
