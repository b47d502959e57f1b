using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reelforge.Jobs;
using Reelforge.Providers;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Api;

/// <summary>The native create's provider fields: `script`, `visuals` and `voice` (docs/providers.md).</summary>
public static partial class ProviderRequests
{
    public static VideoSpec Read(RequestForm form, IServiceProvider services, VideoSpec spec)
    {
        var script = form.String("script");
        if (script is not (null or ProviderPlanning.Literal or ProviderPlanning.Write))
        {
            throw new ApiErrorException(ApiError.Invalid("script", "'script' must be 'literal' (the prompt is the text) or 'write' (the prompt is a topic to write up)."));
        }
        var visuals = form.String("visuals");
        if (visuals is not null && !ProviderPlanning.VisualsValues.Contains(visuals))
        {
            throw new ApiErrorException(ApiError.Invalid("visuals", $"'visuals' must be one of {string.Join(", ", ProviderPlanning.VisualsValues)}."));
        }
        var voice = form.String("voice");
        if (voice is not null)
        {
            var neural = services.GetRequiredService<IOptions<SpeechOptions>>().Value.Provider == "openai";
            if (!(neural ? NeuralVoice() : EspeakVoice()).IsMatch(voice))
            {
                throw new ApiErrorException(ApiError.Invalid("voice", neural
                    ? "'voice' must be a voice name of the speech provider (letters, digits, '_', '-', '.', at most 64)."
                    : "'voice' must be an espeak-ng voice such as en, en-us, fr or de, optionally with a variant (en+f3)."));
            }
        }
        return spec with
        {
            // Kept when named: an explicit `literal` keeps a `story` from being rewritten by the script provider.
            Script = script,
            Visuals = visuals is null or ProviderPlanning.Auto ? null : visuals,
            Voice = voice,
        };
    }

    [GeneratedRegex("^[A-Za-z0-9_.+-]{1,64}$")]
    private static partial Regex NeuralVoice();

    [GeneratedRegex("^[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}(\\+[a-z0-9]{1,10})?$")]
    private static partial Regex EspeakVoice();
}
