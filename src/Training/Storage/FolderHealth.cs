using Microsoft.Data.Sqlite;

namespace Training.Storage;

/// <summary>
/// Whether the folders the app writes to can take a write, and whether a failure was the disk running out of space.
/// Readiness, the start-up check and the error page all ask here, so they agree on what "full" means.
/// </summary>
public static class FolderHealth
{
    /// <summary>Below this much free space a folder is reported as full: certificates and mail would fail next.</summary>
    public const long MinimumFreeBytes = 50L * 1024 * 1024;

    /// <summary>What keeps the folder from taking a write (missing and not creatable, read-only, full), or null.</summary>
    public static string? Problem(string folder)
    {
        var full = Path.GetFullPath(folder);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-probe-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, [0]);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return IsOutOfSpace(ex) ? $"{full} is full" : $"{full} cannot be written ({ex.Message})";
        }
        try
        {
            var free = new DriveInfo(full).AvailableFreeSpace;
            if (free < MinimumFreeBytes) return $"{full} has only {free / (1024 * 1024)} MB free";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Free space unknown (an unusual file system): the write above succeeded, which is what matters most.
        }
        return null;
    }

    /// <summary>True when the exception, or one inside it, says the disk or the database ran out of space.</summary>
    public static bool IsOutOfSpace(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case SqliteException { SqliteErrorCode: 13 }: // SQLITE_FULL
                case Npgsql.PostgresException { SqlState: "53100" }: // disk_full
                    return true;
                // ENOSPC (28) and EDQUOT (122) on Linux; ERROR_DISK_FULL (112) and ERROR_HANDLE_DISK_FULL (39) on Windows.
                case IOException io when io.HResult is 28 or 122 or 112 or 39 || (io.HResult & 0xFFFF) is 112 or 39
                                         || io.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase):
                    return true;
            }
        }
        return false;
    }
}
