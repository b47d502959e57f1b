using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Reelforge.Jobs;

namespace Reelforge.Engine;

/// <summary>
/// Notices events written by other processes (a separate `reelforge worker`, another node) and wakes
/// this process's followers (server-sent events, long-polls, the webhook dispatcher) and, on events
/// that may free work, its idle workers. With <see cref="IJobNotifications"/> (PostgreSQL) it is told
/// the moment an event commits; without it, or while its connection is down, it polls the newest
/// event's seq once a second: one cheap query for the whole server, not one per following client.
/// Local writes notify at once through <see cref="JobChanges"/> and <see cref="JobSignal"/>.
/// </summary>
public sealed class JobEventTail(IJobStore store, JobChanges changes, TimeProvider time, JobSignal? signal = null,
    IJobNotifications? notifications = null, ILogger<JobEventTail>? log = null) : BackgroundService
{
    /// <summary>How long after losing the notifications it tries to listen again (polling meanwhile).</summary>
    public static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(5);

    private readonly ILogger _log = log ?? NullLogger<JobEventTail>.Instance;
    private volatile bool _listening;

    /// <summary>Whether notifications are arriving (then it does not poll).</summary>
    public bool IsListening => _listening;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        notifications is null ? PollAsync(stoppingToken) : Task.WhenAll(PollAsync(stoppingToken), ListenAsync(notifications, stoppingToken));

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var seen = 0L;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (_listening)
                {
                    continue;
                }
                try
                {
                    var latest = await store.LatestEventSeqAsync(stoppingToken);
                    if (latest > seen)
                    {
                        seen = latest;
                        changes.NotifyAll();
                        signal?.Set();
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The next tick tries again; followers still get their heartbeats.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ListenAsync(IJobNotifications source, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await source.ListenAsync(OnListening, OnNotice, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _listening = false;
                Log.NotificationsLost(_log, ex);
            }
            try
            {
                await Task.Delay(ReconnectDelay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // Listening again after a gap: whatever was written meanwhile is read by everyone woken here.
    private void OnListening()
    {
        _listening = true;
        Log.NotificationsListening(_log);
        changes.NotifyAll();
        signal?.Set();
    }

    private void OnNotice(JobNotice notice)
    {
        changes.Notify(notice.JobId);
        if (JobNotices.MayFreeWork(notice.EventType))
        {
            signal?.Set();
        }
    }
}
