using System.Net;
using Reelforge.Net;
using Reelforge.Webhooks;

namespace Reelforge.Core.Tests;

public sealed class WebhookSigningTests
{
    [Fact]
    public void Signature_MatchesTheStandardWebhooksReferenceVector()
    {
        // The example in the Standard Webhooks specification.
        var signature = WebhookSigning.Signature(["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""");
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Signature_CarriesOneValuePerSecret()
    {
        var both = WebhookSigning.Signature([WebhookSigning.NewSecret(), WebhookSigning.NewSecret()], "msg_1", 1, "{}").Split(' ');
        Assert.Equal(2, both.Length);
        Assert.All(both, s => Assert.StartsWith("v1,", s, StringComparison.Ordinal));
    }

    [Theory]
    // The default: 7 waits, so 8 attempts, the last 23.6 h after the first.
    [InlineData("5s, 1m, 5m, 30m, 2h, 6h, 15h", 7, 84_965)]
    [InlineData("300ms,1.5s", 2, 1.8)]
    public void RetrySchedule_IsAListOfDelays(string schedule, int count, double totalSeconds)
    {
        var delays = WebhooksOptions.ParseSchedule(schedule);
        Assert.Equal(count, delays.Count);
        Assert.Equal(totalSeconds, delays.Sum(d => d.TotalSeconds), precision: 3);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("5d")]
    [InlineData("soon")]
    public void RetrySchedule_RefusesWhatIsNotADelay(string schedule) =>
        Assert.Throws<FormatException>(() => WebhooksOptions.ParseSchedule(schedule));

    [Fact]
    public async Task GuardedConnect_RefusesANameThatResolvesToLoopback()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var refused = new HttpClient(GuardedConnect.Handler(allowLoopback: false, allowPrivate: false, followRedirects: false));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => refused.GetAsync(new Uri($"http://localhost:{port}/"), TestContext.Current.CancellationToken));
        Assert.Contains("not allowed", error.Message, StringComparison.Ordinal);
        Assert.False(GuardedConnect.IsLiteralAllowed(new Uri($"http://127.0.0.1:{port}/"), false, false));
        Assert.True(GuardedConnect.IsLiteralAllowed(new Uri($"http://localhost:{port}/"), false, false), "names are checked when connecting");
    }
}
