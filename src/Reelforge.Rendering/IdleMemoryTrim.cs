using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Reelforge.Engine;
using SkiaSharp;

namespace Reelforge.Rendering;

/// <summary>
/// Gives memory back to the system once this process has no job running and none has started for
/// <see cref="Quiet"/>: Skia's caches are purged, one compacting, decommitting collection runs, and
/// glibc returns freed pages. Without it the process keeps the high-water mark of its last renders
/// for ever (no collection runs with nothing allocating): bench/memory measured 168 MB at rest
/// after twenty renders, of which the GC had 24 MB committed for a 5.4 MB live heap.
/// A queue that keeps the workers busy never waits a quiet second, so renders never pay for it.
/// </summary>
public sealed class IdleMemoryTrim(RunningJobs running, TimeProvider time) : IHostedService, IDisposable
{
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after a trim the next ones come, while the process stays idle. The shared array
    /// pool (where System.Text.Json and Kestrel rent the 16 and 32 MB buffers a large JSON body
    /// needs) drops a buffer only in a full collection a minute after it went back to the pool, one
    /// or two at a time; with nothing allocating no such collection ever runs, and an idle server
    /// kept ~110 MB of them (bench/memory, eight 7.5 MB images).
    /// </summary>
    public static readonly TimeSpan PoolAge = TimeSpan.FromSeconds(61);
    public const int FollowUps = 5;

    private readonly CancellationTokenSource _stopping = new();
    private int _scheduled;
    private int _following;

    /// <summary>Trims made so far, and the wait for the quiet second under way (for tests).</summary>
    internal int Trims;
    internal Task Waiting { get; private set; } = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        running.Idle += OnIdle;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        running.Idle -= OnIdle;
        await _stopping.CancelAsync();
    }

    private void OnIdle()
    {
        // One trim waits at a time; a job ending while it waits only confirms the quiet.
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            Waiting = TrimWhenQuietAsync();
        }
    }

    private async Task TrimWhenQuietAsync()
    {
        try
        {
            await Task.Delay(Quiet, time, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        finally
        {
            Volatile.Write(ref _scheduled, 0);
        }
        if (!running.Any)
        {
            await Task.Run(Trim);
            Interlocked.Increment(ref Trims);
            if (Interlocked.Exchange(ref _following, 1) == 0)
            {
                FollowingUp = FollowUpAsync();
            }
        }
    }

    /// <summary>The follow-up trims under way, and a signal each time the next one's timer is set (for tests).</summary>
    internal Task FollowingUp { get; private set; } = Task.CompletedTask;
    internal event Action? FollowUpDue;

    // A full collection now and then while idle lets the array pool drop what it holds (PoolAge).
    private async Task FollowUpAsync()
    {
        try
        {
            for (var i = 0; i < FollowUps; i++)
            {
                var due = Task.Delay(PoolAge, time, _stopping.Token);
                FollowUpDue?.Invoke();
                await due;
                if (!running.Any)
                {
                    await Task.Run(Trim);
                    Interlocked.Increment(ref Trims);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            Volatile.Write(ref _following, 0);
        }
    }

    /// <summary>Drops what renders cached and returns free memory to the system (tens of milliseconds for a small heap).</summary>
    public static void Trim()
    {
        SKGraphics.PurgeAllCaches();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                MallocTrim(0);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                // Not glibc (musl has no malloc_trim): its allocator returns memory its own way.
            }
        }
    }

    // DllImport, not LibraryImport: the signature is blittable, and LibraryImport would need unsafe
    // code allowed in the whole project for this one call.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    public void Dispose() => _stopping.Dispose();
}
