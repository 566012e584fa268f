using System.Diagnostics;
using Training.Data;

namespace Training.Tests.Infrastructure;

/// <summary>
/// Process identities as <see cref="ClaimTokens"/> writes them, for real processes on this machine: one that was killed
/// a moment ago, and one still running.
/// </summary>
public static class ProcessTags
{
    private static string Machine => ClaimTokens.Mine[ClaimTokens.Mine.IndexOf('@')..];

    /// <summary>A process that sleeps until the test kills it.</summary>
    public static Process Sleeping() => Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;

    public static long StartOf(Process process) => new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds();

    /// <summary>"pid.start@machine:" of a running process, or of it as if it had started <paramref name="startedEarlier"/> seconds before.</summary>
    public static string Of(Process process, long startedEarlier = 0) => $"{process.Id}.{StartOf(process) - startedEarlier}{Machine}";

    /// <summary>The tag of a process on this machine that was killed and has exited.</summary>
    public static async Task<string> KilledAsync()
    {
        using var process = Sleeping();
        var tag = Of(process);
        process.Kill();
        await process.WaitForExitAsync();
        return tag;
    }
}
