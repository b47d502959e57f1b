using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Reelforge.Jobs;
using Reelforge.Storage.Sqlite;
using Reelforge.Webhooks;

namespace Reelforge.Core.Tests.Engine;

public sealed class WebhookDispatcherTests : ClockedStore, IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Id, string Timestamp, string Signature, string Body)> _received = [];
    private readonly Queue<int> _answers = new();
    private readonly string _url;

    public WebhookDispatcherTests()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(_url);
        _listener.Start();
        _ = ReceiveAsync();
    }

    private SqliteWebhookStore Webhooks => new(Db, Clock);

    private WebhookDispatcher Dispatcher(string schedule) => new(Webhooks, new JobChanges(), Clock,
        Microsoft.Extensions.Options.Options.Create(new WebhooksOptions { RetrySchedule = schedule, AllowLoopback = true, TimeoutSeconds = 10 }),
        [new OpenAiEventBody()], NullLogger<WebhookDispatcher>.Instance);

    private async Task<WebhookEndpoint> CompletedVideoWithAnEndpointAsync()
    {
        var endpoint = await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint(Account, "hook", _url, [WebhookEventTypes.Completed]), Ct);
        var job = await RunningAsync();
        Assert.True(await Store.CompleteAsync(new JobLease(job.Id, job.LeaseToken!), JobStage.Queued, Outputs(job.Id), Ct));
        return endpoint;
    }

    [Fact]
    public async Task AFailedAttempt_IsRetriedOnlyWhenItsWaitHasPassed_WithTheSameIdAndBody_ThenDelivered()
    {
        var endpoint = await CompletedVideoWithAnEndpointAsync();
        _answers.Enqueue(500);
        _answers.Enqueue(204);
        using var dispatcher = Dispatcher("5s");

        Assert.Equal(1, await dispatcher.SendDueAsync(Ct));
        Assert.Equal(0, await dispatcher.SendDueAsync(Ct));
        Clock.Advance(TimeSpan.FromSeconds(6.1)); // the wait plus its most jitter (20 %)
        Assert.Equal(1, await dispatcher.SendDueAsync(Ct));

        Assert.Equal(2, _received.Count);
        Assert.Equal(_received[0].Id, _received[1].Id);
        Assert.Equal(_received[0].Body, _received[1].Body);
        foreach (var r in _received)
        {
            Assert.Equal(WebhookSigning.Signature([endpoint.Secret], r.Id, long.Parse(r.Timestamp, System.Globalization.CultureInfo.InvariantCulture), r.Body), r.Signature);
        }
        var delivery = Assert.Single((await Webhooks.ListDeliveriesAsync(Account, null, null, 10, Ct)).Items);
        Assert.Equal((DeliveryState.Delivered, 2), (delivery.State, delivery.Attempts));
        Assert.Equal(0, await dispatcher.SendDueAsync(Ct));
    }

    [Fact]
    public async Task ADeliveryThatKeepsFailing_IsGivenUpWhenTheScheduleRunsOut()
    {
        await CompletedVideoWithAnEndpointAsync();
        _answers.Enqueue(500);
        _answers.Enqueue(503);
        using var dispatcher = Dispatcher("1s");

        Assert.Equal(1, await dispatcher.SendDueAsync(Ct));
        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await dispatcher.SendDueAsync(Ct));
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await dispatcher.SendDueAsync(Ct));

        var delivery = Assert.Single((await Webhooks.ListDeliveriesAsync(Account, null, null, 10, Ct)).Items);
        Assert.Equal((DeliveryState.Failed, 2, 503), (delivery.State, delivery.Attempts, delivery.LastStatusCode));
    }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            int answer;
            lock (_received)
            {
                _received.Add((context.Request.Headers["webhook-id"]!, context.Request.Headers["webhook-timestamp"]!, context.Request.Headers["webhook-signature"]!, body));
                answer = _answers.TryDequeue(out var a) ? a : 500;
            }
            context.Response.StatusCode = answer;
            context.Response.Close();
        }
    }

    public ValueTask DisposeAsync()
    {
        _listener.Close();
        Dispose();
        return ValueTask.CompletedTask;
    }
}
