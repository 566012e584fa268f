using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Training.Text;

namespace Training.Data;

/// <summary>
/// Claim tokens that name the process that made them: its id, its start time and its machine. A process starting on
/// the same machine can then tell a dead predecessor's claims (a SIGKILL, a crash) from a live neighbour's and take
/// them back at once, instead of leaving mail 送信中 until the claims expire. Claims of other machines wait for expiry.
/// </summary>
public static class ClaimTokens
{
    private static readonly string Machine = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Environment.MachineName)))[..8].ToLowerInvariant();
    private static readonly long Started = StartOf(Process.GetCurrentProcess()) ?? 0;

    /// <summary>This process's prefix: "pid.start@machine:".</summary>
    public static readonly string Mine = $"{Environment.ProcessId}.{Started}@{Machine}:";

    /// <summary>A new token for one claim, within the column's 64 characters.</summary>
    public static string New() => Mine + Tokens.New()[..Math.Min(43, 64 - Mine.Length)];

    /// <summary>Whether the claim was made by a process on this machine that is no longer running.</summary>
    public static bool IsFromDeadProcessHere(string? token)
    {
        if (token is null || token.StartsWith(Mine, StringComparison.Ordinal)) return false;
        var at = token.IndexOf('@');
        var colon = token.IndexOf(':');
        var dot = token.IndexOf('.');
        if (at < 0 || colon < at || dot < 0 || dot > at || token[(at + 1)..colon] != Machine) return false;
        if (!int.TryParse(token.AsSpan(0, dot), out var pid) || !long.TryParse(token.AsSpan(dot + 1, at - dot - 1), out var started)) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            // The same id, started at another time: the id was reused after the claimer died (a restarted container's PID 1).
            return process.HasExited || StartOf(process) != started;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static long? StartOf(Process process)
    {
        try
        {
            return new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds();
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
