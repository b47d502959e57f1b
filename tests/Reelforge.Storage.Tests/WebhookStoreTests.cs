using Reelforge.Jobs;
using Reelforge.Webhooks;

namespace Reelforge.Storage.Tests;

/// <summary>The <see cref="IWebhookStore"/> conformance suite, with the outbox the job store fills.</summary>
public abstract class WebhookStoreTests : StoreTest
{
    private static readonly string[] Dialects = ["openai", "pictory"];

    [Fact]
    public async Task AnEndingEvent_QueuesOneDeliveryPerSubscribedEndpoint_AndTheVideosOwnUrl()
    {
        var completed = await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint("acct_a", "a", "https://a.example/hook", [WebhookEventTypes.Completed]), Ct);
        await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint("acct_a", "p", "https://p.example/hook", [WebhookEventTypes.Progress]), Ct);
        await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint("acct_b", "b", "https://b.example/hook", [WebhookEventTypes.Completed]), Ct);
        await Store.CreateAsync(new NewJob(JobIds.NewVideoId(), "acct_a", Spec(), 3, null) { WebhookUrl = "https://own.example/cb", Dialect = "pictory" }, Ct);
        var job = await ClaimOneAsync();

        Assert.True(await Store.CheckpointAsync(LeaseOf(job), JobStage.Queued, new JobCheckpoint(JobStage.Exporting, 90), Ct));
        Assert.True(await Store.CompleteAsync(LeaseOf(job), JobStage.Exporting, Outputs(job.Id), Ct));

        var due = await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddMinutes(1), Dialects, Ct);
        Assert.Equal(3, due.Count);
        Assert.Contains(due, d => d.EndpointId == completed.Id && d.EventType == WebhookEventTypes.Completed && d.Secrets.SequenceEqual([completed.Secret]));
        Assert.Contains(due, d => d.Url == "https://p.example/hook" && d.EventType == WebhookEventTypes.Progress);
        var own = Assert.Single(due, d => d.EndpointId is null);
        Assert.Equal(("https://own.example/cb", "pictory", WebhookEventTypes.Completed, job.Id), (own.Url, own.Dialect, own.EventType, own.JobId));
        Assert.Equal(await Webhooks.AccountSecretAsync("acct_a", rotate: false, Ct), Assert.Single(own.Secrets));
        Assert.Equal(Clock.GetUtcNow(), own.EventCreatedAt);
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

        await Webhooks.RecordAttemptAsync(new AttemptResult(retry.Id, "{}", 204, null, 8, DeliveryState.Delivered, null), Ct);
        var listed = Assert.Single((await Webhooks.ListDeliveriesAsync("acct_a", job.Id, null, 10, Ct)).Items);
        Assert.Equal((DeliveryState.Delivered, 2, 204), (listed.State, listed.Attempts, listed.LastStatusCode));
        Assert.Equal([500, 204], listed.History.Select(h => h.StatusCode ?? 0));
    }

    [Fact]
    public async Task OnlyDeliveriesInADialectThisProcessCanWrite_AreClaimed()
    {
        await Store.CreateAsync(new NewJob(JobIds.NewVideoId(), "acct_a", Spec(), 3, null) { WebhookUrl = "https://own.example/cb", Dialect = "pictory" }, Ct);
        var job = await ClaimOneAsync();
        await Store.FailAttemptAsync(LeaseOf(job), new JobError("x", "y"), null, Ct);

        Assert.Empty(await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddSeconds(40), ["openai"], Ct));
        Assert.Null(await Webhooks.NextDueAsync(["openai"], Ct));
        Assert.Single(await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddSeconds(40), ["pictory"], Ct));
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
    public async Task Expiry_AnnouncesNothing()
    {
        await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint("acct_a", "a", "https://a.example/hook", WebhookEventTypes.All), Ct);
        await CreateAsync();
        var job = await ClaimOneAsync();
        await Store.CompleteAsync(LeaseOf(job), JobStage.Queued, Outputs(job.Id), Ct);
        await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddMinutes(1), Dialects, Ct);

        Assert.True(await Store.MarkExpiredAsync(job.Id, Ct));

        Assert.Empty(await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddMinutes(1), Dialects, Ct));
    }

    [Fact]
    public async Task ADeletedEndpoint_TakesItsQueuedDeliveriesWithIt()
    {
        var endpoint = await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint("acct_a", "a", "https://a.example/hook", WebhookEventTypes.Default), Ct);
        var job = await CreateAsync();
        await Store.RequestCancelAsync(job.Id, job.AccountId, Ct);

        Assert.True(await Webhooks.DeleteEndpointAsync(endpoint.Id, "acct_a", Ct));

        Assert.Empty(await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddMinutes(1), Dialects, Ct));
        var gone = Assert.Single((await Webhooks.ListDeliveriesAsync("acct_a", null, null, 10, Ct)).Items);
        Assert.Equal((DeliveryState.Failed, "The endpoint was deleted."), (gone.State, gone.LastError));
    }

    [Fact]
    public async Task Endpoints_AreTheAccounts_Listed_Updated_AndRotated()
    {
        var first = await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint("acct_a", "one", "https://one.example", WebhookEventTypes.Default), Ct);
        var second = await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint("acct_a", "two", "https://two.example", [WebhookEventTypes.Progress]), Ct);
        await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint("acct_b", "other", "https://other.example", WebhookEventTypes.Default), Ct);

        var page = await Webhooks.ListEndpointsAsync("acct_a", null, 1, Ct);
        Assert.Equal([second.Id], page.Items.Select(e => e.Id));
        Assert.True(page.HasMore);
        Assert.Equal([first.Id], (await Webhooks.ListEndpointsAsync("acct_a", second.Id, 1, Ct)).Items.Select(e => e.Id));
        Assert.Null(await Webhooks.GetEndpointAsync(first.Id, "acct_b", Ct));

        var renamed = await Webhooks.UpdateEndpointAsync(first.Id, "acct_a", new WebhookEndpointChange("uno", null, [WebhookEventTypes.Completed]), Ct);
        Assert.Equal(("uno", "https://one.example", WebhookEventTypes.Completed), (renamed!.Name, renamed.Url, Assert.Single(renamed.EventTypes)));

        var rotated = await Webhooks.RotateSecretAsync(first.Id, "acct_a", Clock.GetUtcNow().AddHours(1), Ct);
        Assert.NotEqual(first.Secret, rotated!.Secret);
        var accountSecret = await Webhooks.AccountSecretAsync("acct_a", rotate: false, Ct);
        Assert.Equal(accountSecret, await Webhooks.AccountSecretAsync("acct_a", rotate: false, Ct));
        Assert.NotEqual(accountSecret, await Webhooks.AccountSecretAsync("acct_a", rotate: true, Ct));
    }

    [Fact]
    public async Task ARotatedEndpoint_SignsWithBothSecrets_UntilTheOldOneLapses()
    {
        var endpoint = await Webhooks.CreateEndpointAsync(new NewWebhookEndpoint("acct_a", "a", "https://a.example/hook", WebhookEventTypes.Default), Ct);
        var rotated = await Webhooks.RotateSecretAsync(endpoint.Id, "acct_a", Clock.GetUtcNow().AddMinutes(10), Ct);
        var job = await CreateAsync();
        await Store.RequestCancelAsync(job.Id, job.AccountId, Ct);

        var delivery = Assert.Single(await Webhooks.ClaimDueAsync(10, Clock.GetUtcNow().AddSeconds(40), Dialects, Ct));

        Assert.Equal([rotated!.Secret, endpoint.Secret], delivery.Secrets);
    }
}
