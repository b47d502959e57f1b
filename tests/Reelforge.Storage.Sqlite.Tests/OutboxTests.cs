using Reelforge.Jobs;
using Reelforge.Webhooks;

namespace Reelforge.Storage.Sqlite.Tests;

public sealed class OutboxTests : StoreTest
{
    private SqliteWebhookStore Webhooks => new(Db, Clock);
    private static readonly string[] Dialects = ["openai", "pictory"];

    [Fact]
    public async Task AnEndingEvent_QueuesOneDeliveryPerSubscribedEndpoint_AndTheVideosOwnUrl()
    {
        var completed = await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint("acct_a", "a", "https://a.example/hook", [WebhookEventTypes.Completed]), Ct);
        await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint("acct_a", "p", "https://p.example/hook", [WebhookEventTypes.Progress]), Ct);
        await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint("acct_b", "b", "https://b.example/hook", [WebhookEventTypes.Completed]), Ct);
        var spec = new VideoSpec { Prompt = "A test.", Model = "sora-2", Seconds = 4, Width = 160, Height = 90 };
        await Store.CreateAsync(new NewJob(JobIds.NewVideoId(), "acct_a", spec, 3, null) { WebhookUrl = "https://own.example/cb", Dialect = "pictory" }, Ct);
        var job = await ClaimOneAsync();

        Assert.True(await Store.CheckpointAsync(LeaseOf(job), JobStage.Queued, new JobCheckpoint(JobStage.Exporting, 90), Ct));
        Assert.True(await Store.CompleteAsync(LeaseOf(job), JobStage.Exporting, Outputs(job.Id), Ct));

        var due = await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddMinutes(1), Dialects, Ct);
        Assert.Equal(3, due.Count);
        Assert.Contains(due, d => d.EndpointId == completed.Id && d.EventType == WebhookEventTypes.Completed && d.Secrets.SequenceEqual([completed.Secret]));
        Assert.Contains(due, d => d.Url == "https://p.example/hook" && d.EventType == WebhookEventTypes.Progress);
        var own = Assert.Single(due, d => d.EndpointId is null);
        Assert.Equal(("https://own.example/cb", "pictory", WebhookEventTypes.Completed), (own.Url, own.Dialect, own.EventType));
        Assert.Equal(await Webhooks.AccountSecretAsync("acct_a", rotate: false, Ct), Assert.Single(own.Secrets));
    }

    [Fact]
    public async Task AClaimedDelivery_IsHeldForOneAttempt_ThenOfferedAgainIfNeverRecorded()
    {
        await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint("acct_a", "a", "https://a.example/hook", [WebhookEventTypes.Failed]), Ct);
        var job = await CreateAsync();
        await Store.RequestCancelAsync(job.Id, job.AccountId, Ct);

        var first = Assert.Single(await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddSeconds(40), Dialects, Ct));
        Assert.Empty(await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddSeconds(40), Dialects, Ct));

        // The process that claimed it died without recording the attempt.
        Clock.Advance(TimeSpan.FromSeconds(41));
        var again = Assert.Single(await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddSeconds(40), Dialects, Ct));
        Assert.Equal(first.Id, again.Id);

        await Webhooks.RecordAttemptAsync(new AttemptResult(again.Id, "{}", 500, "HTTP 500", 12, DeliveryState.Pending, Clock.GetUtcNow().AddSeconds(5)), Ct);
        Assert.Empty(await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddSeconds(40), Dialects, Ct));
        Assert.Equal(Clock.GetUtcNow().AddSeconds(5), await Webhooks.NextDueAsync(Dialects, Ct));
        Clock.Advance(TimeSpan.FromSeconds(5));
        var retry = Assert.Single(await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddSeconds(40), Dialects, Ct));
        Assert.Equal(("{}", 1), (retry.Payload, retry.Attempts));
    }

    [Fact]
    public async Task DeletingAnUnfinishedVideo_AnnouncesItAsFailed()
    {
        await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint("acct_a", "a", "https://a.example/hook", WebhookEventTypes.Default), Ct);
        await CreateAsync();
        var job = await ClaimOneAsync();

        Assert.True(await Store.DeleteAsync(job.Id, job.AccountId, Ct));

        var delivery = Assert.Single(await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddSeconds(40), Dialects, Ct));
        Assert.Equal((job.Id, WebhookEventTypes.Failed), (delivery.JobId, delivery.EventType));
    }

    [Fact]
    public async Task Expiry_IsRecordedOnce_AndAnnouncesNothing()
    {
        await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint("acct_a", "a", "https://a.example/hook", WebhookEventTypes.All), Ct);
        await CreateAsync();
        var job = await ClaimOneAsync();
        await Store.CompleteAsync(LeaseOf(job), JobStage.Queued, Outputs(job.Id), Ct);
        await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddMinutes(1), Dialects, Ct);

        Assert.Empty(await Store.ListExpirableAsync(Clock.GetUtcNow(), 10, Ct));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([job.Id], await Store.ListExpirableAsync(Clock.GetUtcNow(), 10, Ct));
        Assert.True(await Store.MarkExpiredAsync(job.Id, Ct));
        Assert.False(await Store.MarkExpiredAsync(job.Id, Ct));

        Assert.NotNull((await Store.GetAsync(job.Id, job.AccountId, Ct))!.ExpiredAt);
        Assert.Empty(await Store.ListExpirableAsync(Clock.GetUtcNow(), 10, Ct));
        Assert.Equal("expired", (await Store.ListEventsAsync(job.Id, 0, Ct))[^1].Type);
        Assert.Empty(await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddMinutes(1), Dialects, Ct));
    }

    private static JobOutputs Outputs(string id) => new()
    {
        VideoKey = $"jobs/{id}/video.mp4", ThumbnailKey = "t", SpritesheetKey = "s", LastFrameKey = "l", DurationSeconds = 4, Width = 160, Height = 90,
    };
}
