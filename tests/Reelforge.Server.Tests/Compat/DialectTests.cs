using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reelforge.Accounts;
using Reelforge.Jobs;
using Reelforge.Server.Compat;
using Reelforge.Server.Compat.Pictory;
using SkiaSharp;

namespace Reelforge.Server.Tests.Compat;

/// <summary>Each dialect is one type in its own folder, found, registered and mapped by the host's one call.</summary>
public sealed class DialectTests(ServerFixture server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void EveryDialectFolder_IsFound_WithDesignsStageWords()
    {
        // DESIGN.md's table, one row a stage (the retried-scene row in its place), one column a dialect.
        string[] stages = ["queued", "generating_script", "script_ready", "generating_media", "retrying", "media_ready", "exporting", "completed", "failed", "cancelled"];
        var expected = new Dictionary<string, string[]>
        {
            ["blotato"] = ["queueing", "generating-script", "script-ready", "generating-media", "generating-media", "media-ready", "exporting", "done", "creation-from-template-failed", "creation-from-template-failed"],
            ["iacrea"] = ["PENDING", "GENERATING_VIDEO", "GENERATING_VIDEO", "GENERATING_VIDEO", "PENDING", "START_RENDERING_VIDEO", "RENDERING_VIDEO", "DONE", "ERROR", "ERROR"],
            ["pictory"] = ["in-progress", "in-progress", "in-progress", "in-progress", "in-progress", "in-progress", "in-progress", "completed", "failed", "failed"],
            ["poe"] = ["queued", "in_progress", "in_progress", "in_progress", "in_progress", "in_progress", "in_progress", "completed", "failed", "failed"],
            ["prism"] = ["generating", "generating", "generating", "generating", "generating", "generating", "generating", "completed", "failed", "failed"],
        };
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), Dialects.All.Select(d => d.Name));
        foreach (var dialect in Dialects.All)
        {
            var words = stages.Select(stage => dialect.StatusOf(JobIn(stage))).ToArray();
            Assert.Equal(expected[dialect.Name], words);
            Assert.Equal("/compat/" + dialect.Name, dialect.Prefix);
        }
    }

    private static Job JobIn(string stage) => new()
    {
        Id = "video_x", AccountId = "a", Spec = new VideoSpec { Prompt = "", Model = "m" },
        Stage = stage == "retrying" ? JobStage.GeneratingMedia : Enum.Parse<JobStage>(stage.Replace("_", "", StringComparison.Ordinal), ignoreCase: true),
        Retrying = stage == "retrying",
    };

    [Fact]
    public void PictorysPrices_AreDefaults_ThatCreditsModelPricesStillChangesAndAddsTo()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Credits:ModelPrices:veo3.1"] = "5",
            ["Credits:ModelPrices:my-model"] = "2.5",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<CreditsOptions>().BindConfiguration(CreditsOptions.Section);
        new PictoryDialect().AddServices(services);
        using var provider = services.BuildServiceProvider();
        var credits = provider.GetRequiredService<IOptions<CreditsOptions>>().Value;

        Assert.Equal(1.6m, credits.PriceOf("pixverse5.5"));
        Assert.Equal(10m, credits.PriceOf("veo3.1_fast"));
        Assert.Equal(5m, credits.PriceOf("veo3.1"));
        Assert.Equal(2.5m, credits.PriceOf("my-model"));
        Assert.Equal(1m, credits.PriceOf("sora-2"));
        Assert.Empty(new CreditsOptions().ModelPrices); // Core knows no service's prices
    }

    [Fact]
    public async Task PoesInputImage_OpensThePoeVideo_ButTheNativeApiDoesNotReadIt()
    {
        var bare = TemplateApiTests.DataUrl(SKColors.Red)["data:image/png;base64,".Length..];
        using var poe = server.Client();
        var viaPoe = await (await poe.PostJsonAsync("compat/poe/v1/videos",
            new { model = "Sora-2", prompt = "A red opening.", seconds = 1, size = "160x90", input_image = bare })).JsonAsync();
        var native = await (await poe.PostJsonAsync("v1/videos",
            new { prompt = "No Poe fields here.", seconds = 1, size = "160x90", input_image = bare })).JsonAsync();

        var store = server.Services.GetRequiredService<IJobStore>();
        var account = (await server.Services.GetRequiredService<IAccountStore>().GetAccountAsync("default", Ct))!.Id;
        var poeJob = (await store.GetAsync(viaPoe["id"]!.GetValue<string>(), account, Ct))!;
        var nativeJob = (await store.GetAsync(native["id"]!.GetValue<string>(), account, Ct))!;
        Assert.Equal(("poe", "openai"), (poeJob.Dialect, nativeJob.Dialect));
        Assert.EndsWith("input.png", poeJob.Spec.InputReferenceBlob, StringComparison.Ordinal);
        Assert.Null(nativeJob.Spec.InputReferenceBlob);

        var garbage = await poe.PostJsonAsync("compat/poe/v1/videos", new { model = "Sora-2", prompt = "Not a picture.", input_image = "bm90IGFuIGltYWdl" });
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal("input_image", (await garbage.JsonAsync())["error"]!["param"]!.GetValue<string>());

        await poe.DeleteAsync($"v1/videos/{poeJob.Id}", Ct);
        await poe.DeleteAsync($"v1/videos/{nativeJob.Id}", Ct);
    }

    [Fact]
    public async Task IACreasCreditsTotal_IsTheAccountsBalanceWhenItAnswers()
    {
        var accounts = server.Services.GetRequiredService<IAccountStore>();
        var account = await accounts.EnsureAccountAsync("iacrea-" + Guid.NewGuid().ToString("N")[..8], Ct);
        await accounts.SetCreditsAsync(account.Id, 100, add: false, Ct);
        var key = ApiKeys.Generate();
        await accounts.AddKeyAsync(account.Id, key, [Scopes.VideosRead, Scopes.VideosWrite], Ct);
        using var iacrea = server.Client(null);
        iacrea.DefaultRequestHeaders.Add("x-api-key", key);
        var created = await (await iacrea.PostJsonAsync("compat/iacrea/api/video-editor/generate/video", new
        {
            video = new
            {
                format = "square", colors = new[] { "#000000", "#ffffff" },
                sequences = new[] { new { order = 0, duration = 2, type = "intro", data = new { title = "Balance" } } },
            },
        })).JsonAsync();
        var id = created["id"]!.GetValue<string>();
        var held = created["creditsUsed"]!.GetValue<decimal>();
        Assert.True(held > 0);
        Assert.Equal(100 - held, created["creditsTotal"]!.GetValue<decimal>());

        // The balance moves without the job: read again after a top-up, it says the new balance.
        await accounts.SetCreditsAsync(account.Id, 1000, add: true, Ct);
        var read = await (await iacrea.GetAsync($"compat/iacrea/api/video-editor/generate/video/{id}", Ct)).JsonAsync();
        Assert.Equal(1100 - held, read["creditsTotal"]!.GetValue<decimal>());

        using var native = server.Client(null);
        native.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        await native.DeleteAsync($"v1/videos/{id}", Ct);
    }
}
