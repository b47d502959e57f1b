using Reelforge.Jobs;
using Reelforge.Webhooks;

namespace Reelforge.Core.Tests.Decisions;

public sealed class DeliveryFanOutTests
{
    private static readonly EndpointSubscription Ends = new("whe_ends", "https://ends.example", WebhookEventTypes.Default);
    private static readonly EndpointSubscription Progress = new("whe_progress", "https://progress.example", [WebhookEventTypes.Progress]);
    private static readonly FanOutJob Job = new("acct_a", "pictory", "https://own.example/cb");

    [Theory]
    [InlineData("completed", JobStage.Completed, WebhookEventTypes.Completed)]
    [InlineData("failed", JobStage.Failed, WebhookEventTypes.Failed)]
    [InlineData("cancelled", JobStage.Cancelled, WebhookEventTypes.Failed)]
    [InlineData("rescued", JobStage.Failed, WebhookEventTypes.Failed)]
    [InlineData("rescued", JobStage.Cancelled, WebhookEventTypes.Failed)]
    [InlineData("stage", JobStage.Exporting, WebhookEventTypes.Progress)]
    [InlineData("scene", JobStage.GeneratingMedia, WebhookEventTypes.Progress)]
    [InlineData("progress", JobStage.GeneratingMedia, WebhookEventTypes.Progress)]
    [InlineData("rescued", JobStage.Queued, null)]
    [InlineData("claimed", JobStage.Queued, null)]
    [InlineData("cancel_requested", JobStage.GeneratingMedia, null)]
    [InlineData("note", JobStage.GeneratingScript, null)]
    [InlineData("expired", JobStage.Completed, null)]
    [InlineData("created", JobStage.Queued, null)]
    public void EachEvent_IsAnnouncedAsItsWebhookType(string type, JobStage stage, string? hook) =>
        Assert.Equal(hook, DeliveryFanOut.HookFor(type, stage));

    [Fact]
    public void AnEnd_GoesToEverySubscribedEndpointNatively_AndToTheVideosOwnUrlInItsDialect()
    {
        var planned = DeliveryFanOut.Plan("completed", JobStage.Completed, Job, [Ends, Progress]);

        Assert.Equal(2, planned.Count);
        Assert.Equal(("whe_ends", WebhookEventTypes.Completed, "openai", "https://ends.example"), (planned[0].EndpointId, planned[0].EventType, planned[0].Dialect, planned[0].Url));
        Assert.Equal((null, WebhookEventTypes.Completed, "pictory", "https://own.example/cb"), (planned[1].EndpointId, planned[1].EventType, planned[1].Dialect, planned[1].Url));
        Assert.All(planned, d => Assert.Matches("^msg_[0-9a-f]{24}$", d.Id));
        Assert.NotEqual(planned[0].Id, planned[1].Id);
    }

    [Fact]
    public void Progress_GoesOnlyToEndpointsThatAskedForIt_NeverToTheOwnUrl()
    {
        var planned = DeliveryFanOut.Plan("stage", JobStage.Exporting, Job, [Ends, Progress]);

        Assert.Equal(["whe_progress"], planned.Select(d => d.EndpointId));
    }

    [Fact]
    public void AnEventThatAnnouncesNothing_PlansNothing() =>
        Assert.Empty(DeliveryFanOut.Plan("claimed", JobStage.Queued, Job, [Ends, Progress]));
}
