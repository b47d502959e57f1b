using System.Text.RegularExpressions;

namespace Reelforge.Core.Tests;

/// <summary>
/// Everything in src/ takes its time from a <see cref="TimeProvider"/>, so tests can use a fake
/// clock and signals instead of sleeps. This scans the source for the ways around it.
/// </summary>
public sealed partial class BannedApiTests
{
    /// <summary>
    /// Lines allowed to use a banned form: (path, a fragment of the line), each with a comment saying
    /// why. Empty today: composition roots choose <see cref="TimeProvider.System"/>, which is not banned.
    /// </summary>
    private static readonly (string Path, string Fragment)[] Allowed = [];

    [Fact]
    public void Source_TakesTimeFromATimeProvider_NeverTheSystemClockOrASleep()
    {
        var root = RepositoryRoot();
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var code = WithoutComment(lines[i]);
                foreach (var problem in Problems(code))
                {
                    if (!Allowed.Any(a => a.Path == relative && code.Contains(a.Fragment, StringComparison.Ordinal)))
                    {
                        found.Add($"{relative}:{i + 1}: {problem}: {code.Trim()}");
                    }
                }
            }
        }

        Assert.True(found.Count == 0, "Take time from a TimeProvider instead:\n" + string.Join('\n', found));
    }

    [Theory]
    [InlineData("var now = DateTime.UtcNow;", 1)]
    [InlineData("var now = DateTimeOffset.Now;", 1)]
    [InlineData("Thread.Sleep(10);", 1)]
    [InlineData("await Task.Delay(100, ct);", 1)]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(1));", 1)]
    [InlineData("await Task.Delay(Timeout.Infinite, ct);", 1)]
    [InlineData("await Task.Delay(Backoff(f, g), time, ct);", 0)]
    [InlineData("await Task.WhenAny(changed, Task.Delay(Heartbeat, _time, ct));", 0)]
    [InlineData("var now = time.GetUtcNow(); // not DateTime.UtcNow", 0)]
    public void TheScan_FindsEachBannedForm_AndOnlyThose(string line, int expected) =>
        Assert.Equal(expected, Problems(WithoutComment(line)).Count());

    private static IEnumerable<string> Problems(string code)
    {
        foreach (Match m in ClockRead().Matches(code))
        {
            yield return m.Value + " reads the system clock";
        }
        if (code.Contains("Thread.Sleep(", StringComparison.Ordinal))
        {
            yield return "Thread.Sleep blocks a thread on the real clock";
        }
        var at = 0;
        while ((at = code.IndexOf("Task.Delay(", at, StringComparison.Ordinal)) >= 0)
        {
            at += "Task.Delay(".Length;
            var args = Arguments(code, at);
            // Task.Delay(TimeSpan, TimeProvider[, CancellationToken]): the second argument is the clock.
            if (args.Count < 2 || !ClockName().IsMatch(args[1]))
            {
                yield return "Task.Delay without a TimeProvider";
            }
        }
    }

    /// <summary>The top-level arguments of a call whose text starts at <paramref name="start"/>.</summary>
    private static List<string> Arguments(string code, int start)
    {
        var args = new List<string>();
        var depth = 0;
        var from = start;
        for (var i = start; i < code.Length; i++)
        {
            var c = code[i];
            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                if (depth-- == 0)
                {
                    args.Add(code[from..i].Trim());
                    return args;
                }
            }
            else if (c == ',' && depth == 0)
            {
                args.Add(code[from..i].Trim());
                from = i + 1;
            }
        }
        args.Add(code[from..].Trim());
        return args;
    }

    private static string WithoutComment(string line)
    {
        var at = line.IndexOf("//", StringComparison.Ordinal);
        return at >= 0 ? line[..at] : line;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Reelforge.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Reelforge.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\bDateTime(Offset)?\.(UtcNow|Now|Today)\b")]
    private static partial Regex ClockRead();

    [GeneratedRegex(@"(?i)(time|clock)")]
    private static partial Regex ClockName();
}
