using System.Diagnostics;

namespace Reelforge.Rendering.Processes;

/// <summary>
/// Makes a child die with this process on Linux, even after a `kill -9`, which runs no .NET code.
/// The program is started through a tiny `/bin/sh` wrapper whose stdin is a pipe that only this
/// process writes to. The kernel closes that pipe when this process dies, however it dies; a
/// watcher in the wrapper is blocked reading it, sees end-of-file, and kills the program with
/// SIGKILL. FFmpeg runs with `-nostdin`, ffprobe reads no stdin and espeak-ng reads a text file,
/// so the programs themselves get `/dev/null`.
///
/// Why not `prctl(PR_SET_PDEATHSIG)` (through `setpriv --pdeathsig`): it fires when the *thread*
/// that forked the child exits, and .NET forks from whichever thread-pool thread called
/// `Process.Start`; the pool retires idle threads, which would kill a healthy render midway.
/// Why not PID files swept by the next worker: the orphan would go on writing (and burning CPU)
/// until some worker happened to rescue that job, and a PID check has to guard against reuse.
/// The pipe ends with the process, whichever thread started the child; the cost is one `sh`
/// and one `cat` per run (about 2 ms next to FFmpeg's ~130 ms start).
/// </summary>
internal static class ParentWatch
{
    // $1.. is the program and its arguments. fd 3 keeps the pipe for the watcher, which runs in
    // the background (an asynchronous list would otherwise get /dev/null as stdin). When the
    // program ends on its own the wrapper kills the watcher first, so a late end-of-file cannot
    // signal a reused PID; the watcher's `cat` then ends when .NET closes the pipe on Dispose.
    private const string Script = """
        exec 3<&0
        "$@" </dev/null 3<&- &
        child=$!
        { cat <&3; kill -KILL "$child"; } >/dev/null 2>&1 &
        watcher=$!
        exec 3<&-
        wait "$child"
        code=$?
        kill "$watcher" 2>/dev/null
        exit "$code"
        """;

    public static ProcessStartInfo StartInfo(string fileName, IReadOnlyList<string> arguments)
    {
        var watched = OperatingSystem.IsLinux() && File.Exists("/bin/sh");
        var start = new ProcessStartInfo(watched ? "/bin/sh" : fileName)
        {
            RedirectStandardInput = watched,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (watched)
        {
            foreach (var arg in (string[])["-c", Script, "reelforge-child", fileName])
            {
                start.ArgumentList.Add(arg);
            }
        }
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }
}
