using System.Globalization;

namespace Reelforge.Server.Tests;

/// <summary>
/// What `/proc` says about processes: the FFmpeg runs of a data folder, who started them, and
/// whether one is still alive. A process is named by its PID and its start time (field 22 of
/// /proc/PID/stat), so a reused PID is never mistaken for it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class ProcFs
{
    public readonly record struct Child(int Pid, long StartTicks)
    {
        public override string ToString() => Pid.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Running FFmpeg processes whose command line names <paramref name="folder"/> (and <paramref name="also"/>).</summary>
    public static List<Child> FfmpegOf(string folder, string also = "")
    {
        var found = new List<Child>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Read($"{dir}/cmdline") is { } cmdline
                && cmdline.Split('\0')[0].EndsWith("ffmpeg", StringComparison.Ordinal) && cmdline.Contains(folder, StringComparison.Ordinal)
                && cmdline.Contains(also, StringComparison.Ordinal)
                && Stat(pid) is { State: not 'Z' } stat)
            {
                found.Add(new Child(pid, stat.StartTicks));
            }
        }
        return found;
    }

    /// <summary>Whether <paramref name="ancestor"/> started <paramref name="child"/>, directly or through a wrapper (FFmpeg runs under `sh`).</summary>
    public static bool Descends(Child child, int ancestor)
    {
        var pid = child.Pid;
        for (var depth = 0; depth < 8 && pid > 1; depth++)
        {
            if (Stat(pid) is not { } stat)
            {
                return false;
            }
            if (stat.Parent == ancestor)
            {
                return true;
            }
            pid = stat.Parent;
        }
        return false;
    }

    public static bool IsAlive(Child child) => Stat(child.Pid) is { State: not 'Z' } stat && stat.StartTicks == child.StartTicks;

    private static (char State, int Parent, long StartTicks)? Stat(int pid)
    {
        // After the command name, which is in parentheses and may hold spaces: state is field 3,
        // the parent field 4, the start time field 22.
        if (Read($"/proc/{pid}/stat") is not { } stat)
        {
            return null;
        }
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture));
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
