using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Pipeline;
using Reelforge.Providers;
using Reelforge.Rendering.Providers;

namespace Reelforge.Server.Hosting;

/// <summary>
/// The generative providers (docs/providers.md): the script writer and the speech engine chosen by
/// `Script:Provider` and `Speech:Provider`, and every media source (each says itself whether it is
/// configured; `Media:Sources` orders them), and the upstream video service (`Upstream:*`).
/// </summary>
public static class ProviderRegistration
{
    public static IServiceCollection AddReelforgeProviders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ScriptOptions>().BindConfiguration(ScriptOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section)
            .Validate(o => o.Sources.All(MediaOptions.Names.Contains), $"Media:Sources may list only {string.Join(", ", MediaOptions.Names)}.")
            .ValidateOnStart();
        services.AddOptions<SpeechOptions>().BindConfiguration(SpeechOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProviderCallOptions>().BindConfiguration(ProviderCallOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UpstreamOptions>().BindConfiguration(UpstreamOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        if (configuration["Script:Provider"] == "openai")
        {
            services.AddSingleton<OpenAiScriptWriter>();
            services.AddSingleton<IScriptWriter>(sp => sp.GetRequiredService<OpenAiScriptWriter>());
            services.AddSingleton<ITemplateInputWriter>(sp => sp.GetRequiredService<OpenAiScriptWriter>());
        }
        if (configuration["Speech:Provider"] == "openai")
        {
            services.AddSingleton<ISpeechEngine, OpenAiSpeechEngine>();
        }
        else
        {
            services.AddSingleton<ISpeechEngine, Rendering.Speech.EspeakSpeechEngine>();
        }
        services.AddSingleton<IMediaSource, LibraryMediaSource>();
        services.AddSingleton<IMediaSource, PexelsMediaSource>();
        services.AddSingleton<IMediaSource, PixabayMediaSource>();
        services.AddSingleton<IMediaSource, OpenAiImagesSource>();
        services.AddSingleton<IUpstreamVideos, UpstreamVideoClient>();
        services.AddSingleton<UpstreamScenes>();
        services.AddSingleton<TemplateFiller>();
        return services;
    }
}
