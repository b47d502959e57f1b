using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Reelforge.Cli;

/// <summary>
/// Progress of one or more videos on stderr. On a terminal: one bar per video (stage, percent,
/// scenes done/total, elapsed, estimated time left), the block redrawn in place, also once a
/// second so the clocks move. Into a pipe or a log: a plain line when a video changes stage or
/// passes a tenth, and its outcome; never a carriage return or an escape sequence.
/// </summary>
internal sealed class ProgressView : IAsyncDisposable
{
    private readonly TextWriter _out;
    private readonly bool _terminal;
    private readonly List<Row> _rows = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _ticker;
    private int _drawn;

    public ProgressView(TextWriter output, bool terminal)
    {
        (_out, _terminal) = (output, terminal);
        _ticker = terminal ? TickAsync() : Task.CompletedTask;
    }

    /// <summary>Adds a video's row; returns its index for <see cref="Update"/> and <see cref="End"/>.</summary>
    public int Add(string id)
    {
        lock (_rows)
        {
            _rows.Add(new Row(id));
            Draw();
            return _rows.Count - 1;
        }
    }

    public void Update(int index, VideoProgress progress)
    {
        lock (_rows)
        {
            var row = _rows[index];
            if (row.Outcome is not null)
            {
                return;
            }
            var before = row.Progress;
            row.Progress = progress;
            if (progress.Percent > 0 && row.FirstProgress is null)
            {
                row.FirstProgress = (row.Clock.Elapsed, progress.Percent);
            }
            if (_terminal)
            {
                Draw();
            }
            else if (progress.Stage is "completed" or "failed" or "cancelled")
            {
                // End() writes the outcome line.
            }
            else if (before is null || before.Stage != progress.Stage || progress.Percent / 10 > before.Percent / 10)
            {
                _out.WriteLine($"reelforge: {row.Id} {Describe(row)}");
            }
        }
    }

    /// <summary>Ends a row with its outcome ("completed", "failed: …"), shown in place of its bar.</summary>
    public void End(int index, string outcome)
    {
        lock (_rows)
        {
            var row = _rows[index];
            row.Outcome = outcome;
            if (_terminal)
            {
                Draw();
            }
            else
            {
                _out.WriteLine($"reelforge: {row.Id} {outcome} after {Clock(row.Clock.Elapsed)}");
            }
        }
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                lock (_rows)
                {
                    Draw();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    /// <summary>Moves up over the block drawn last and writes every row again, each cleared to the end of its line.</summary>
    private void Draw()
    {
        if (!_terminal)
        {
            return;
        }
        var width = Math.Max(40, SafeWidth() - 1);
        var frame = new StringBuilder();
        if (_drawn > 0)
        {
            frame.Append(CultureInfo.InvariantCulture, $"\x1b[{_drawn}A");
        }
        foreach (var row in _rows)
        {
            // The id's end tells rows apart (its start is a timestamp, alike for videos made together) and keeps a bar within 80 columns.
            var label = "…" + row.Id[^Math.Min(6, row.Id.Length)..];
            var line = row.Outcome is null ? $"{label} {Bar(row)} {Describe(row)}" : $"{label} {row.Outcome} after {Clock(row.Clock.Elapsed)}";
            frame.Append('\r').Append(line.Length > width ? line[..width] : line).Append("\x1b[K\n");
        }
        _drawn = _rows.Count;
        _out.Write(frame.ToString());
        _out.Flush();
    }

    private static string Bar(Row row)
    {
        var filled = Math.Clamp(row.Progress?.Percent ?? 0, 0, 100) * 16 / 100;
        return "[" + new string('#', filled) + new string('.', 16 - filled) + "]";
    }

    private static string Describe(Row row)
    {
        var p = row.Progress;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{p?.Percent ?? 0,3}% {p?.Stage ?? "connecting"}");
        if (p is { ScenesTotal: > 0 })
        {
            text.Append(CultureInfo.InvariantCulture, $" {p.ScenesDone}/{p.ScenesTotal} scenes");
        }
        var elapsed = row.Clock.Elapsed;
        text.Append(' ').Append(Clock(elapsed));
        // Time left from the pace since the first progress, not since queued: time in the queue says nothing about render speed.
        if (p is { Percent: < 100 } && row.FirstProgress is { } first && p.Percent > first.Percent)
        {
            var left = (elapsed - first.At) * ((100.0 - p.Percent) / (p.Percent - first.Percent));
            text.Append(" ~").Append(Clock(left)).Append(" left");
        }
        return text.ToString();
    }

    private static string Clock(TimeSpan t) => t.TotalHours >= 1
        ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _ticker;
        lock (_rows)
        {
            Draw();
        }
        _stop.Dispose();
    }

    private sealed class Row(string id)
    {
        public string Id { get; } = id;
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        public VideoProgress? Progress { get; set; }
        public (TimeSpan At, int Percent)? FirstProgress { get; set; }
        public string? Outcome { get; set; }
    }
}
