namespace Training.Storage;

/// <summary>Files the app stores beside the database (certificates, passes, shared attachments, pickup mail).</summary>
public static class Files
{
    /// <summary>
    /// Writes through a uniquely named temporary file and a rename, so a reader (or a crash) never sees half a file,
    /// and two writers racing leave one whole file; a failed write leaves nothing.
    /// </summary>
    public static void WriteAtomically(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            // A full disk leaves no half-written temporary file behind.
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
