using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelforge.Jobs;
using Reelforge.Net;

namespace Reelforge.Webhooks;

/// <summary>
/// Sends the outbox. Each due delivery gets one attempt: signed, POSTed with a timeout, 2xx counts
/// as delivered; anything else is tried again after the next wait of `Webhooks:RetrySchedule`
/// until the schedule runs out. A claim holds a delivery only for one attempt's length, so
/// deliveries claimed by a process that died are sent again by whoever runs next. A process
/// claims only deliveries whose body it can write (a `worker` without HTTP leaves the dialects'
/// status bodies to the servers).
/// </summary>
public sealed class WebhookDispatcher : BackgroundService
{
    private readonly IWebhookStore _store;
    private readonly JobChanges _changes;
    private readonly TimeProvider _time;
    private readonly WebhooksOptions _options;
    private readonly IReadOnlyList<TimeSpan> _delays;
    private readonly Dictionary<string, IWebhookBody> _bodies;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly HttpClient _http;
    private readonly Engine.EngineMetrics? _metrics;

    public WebhookDispatcher(IWebhookStore store, JobChanges changes, TimeProvider time, IOptions<WebhooksOptions> options,
        IEnumerable<IWebhookBody> bodies, ILogger<WebhookDispatcher> logger, Engine.EngineMetrics? metrics = null)
    {
        _metrics = metrics;
        _store = store;
        _changes = changes;
        _time = time;
        _options = options.Value;
        _delays = _options.Delays;
        _bodies = bodies.ToDictionary(b => b.Dialect, StringComparer.Ordinal);
        _logger = logger;
        // No redirects: a receiver that moved must be updated, not followed somewhere unchecked.
        _http = new HttpClient(GuardedConnect.Handler(_options.AllowLoopback, _options.AllowPrivateNetworks, followRedirects: false))
        {
            Timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds),
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Reelforge-Webhooks", "1"));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Taken before the claim, so an event written in between still wakes us.
                var changed = _changes.Next(JobChanges.AnyJob);
                var claimed = 0;
                try
                {
                    claimed = await SendDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.WebhookRoundFailed(_logger, ex);
                }
                if (claimed == _options.Concurrency)
                {
                    continue;
                }
                await Task.WhenAny(changed, Task.Delay(await UntilNextDueAsync(stoppingToken), _time, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round: claims what is due and sends it, at most `Concurrency` at once.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var holdUntil = _time.GetUtcNow() + TimeSpan.FromSeconds(_options.TimeoutSeconds + _options.ClaimGraceSeconds);
        var due = await _store.ClaimDueAsync(_options.Concurrency, holdUntil, _bodies.Keys, ct);
        await Task.WhenAll(due.Select(d => AttemptAsync(d, ct)));
        return due.Count;
    }

    private async Task<TimeSpan> UntilNextDueAsync(CancellationToken ct)
    {
        var poll = TimeSpan.FromMilliseconds(_options.PollMilliseconds);
        try
        {
            var next = await _store.NextDueAsync(_bodies.Keys, ct);
            return next is { } at ? TimeSpan.FromTicks(Math.Clamp((at - _time.GetUtcNow()).Ticks, 0, poll.Ticks)) : poll;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return poll;
        }
    }

    private async Task AttemptAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        var payload = delivery.Payload;
        if (payload is null)
        {
            payload = await _bodies[delivery.Dialect].RenderAsync(delivery, ct);
            if (payload is null)
            {
                await _store.RecordAttemptAsync(new AttemptResult(delivery.Id, null, null,
                    "The video was deleted before its status could be sent.", 0, DeliveryState.Failed, null), ct);
                return;
            }
        }
        var started = Stopwatch.GetTimestamp();
        int? status = null;
        string? error = null;
        try
        {
            var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("webhook-id", delivery.Id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSigning.Signature(delivery.Secrets, delivery.Id, timestamp, payload));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                error = $"The receiver answered HTTP {status}.";
            }
        }
        catch (HttpRequestException ex)
        {
            error = ex.Message;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"No answer within {_options.TimeoutSeconds} s.";
        }
        var latency = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var attempt = delivery.Attempts + 1;
        var (state, next) = error is null
            ? (DeliveryState.Delivered, (DateTimeOffset?)null)
            : attempt > _delays.Count
                ? (DeliveryState.Failed, null)
                : (DeliveryState.Pending, _time.GetUtcNow() + _delays[attempt - 1] * (1 + 0.2 * Random.Shared.NextDouble()));
        _metrics?.WebhookAttempted(state switch { DeliveryState.Delivered => "delivered", DeliveryState.Failed => "failed", _ => "retrying" },
            Stopwatch.GetElapsedTime(started));
        if (error is not null)
        {
            Log.WebhookAttemptFailed(_logger, delivery.Id, delivery.Url, attempt, error);
        }
        // Recorded even when stopping: the attempt happened, and its outcome must not be sent twice.
        await _store.RecordAttemptAsync(new AttemptResult(delivery.Id, payload, status, error, latency, state, next), CancellationToken.None);
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
