using Reelforge.Jobs;
using Reelforge.Net;
using Reelforge.Rendering;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Api;

/// <summary>
/// Refuses at create time a remote asset whose host is a literal address the fetcher would refuse
/// (`http://127.0.0.1/…`, `http://[64:ff9b::a9fe:a9fe]/…`), as webhook URLs are; names are
/// still checked by the worker, on the address it connects to.
/// </summary>
public static class AssetTargets
{
    /// <param name="inputParam">The request field that gave the first-frame image.</param>
    /// <param name="timelineParam">The request field the timeline came from, for the error's path.</param>
    public static void Check(VideoSpec spec, AssetOptions options, string inputParam = "input_reference", string timelineParam = "timeline")
    {
        Check(spec.InputReferenceUrl, inputParam, options);
        if (spec.Timeline is not { } timeline)
        {
            return;
        }
        for (var i = 0; i < timeline.Scenes.Count; i++)
        {
            var scene = timeline.Scenes[i];
            var path = $"{timelineParam}.scenes[{i}]";
            Check(scene.Background.Image?.Src, path + ".background.image.src", options);
            Check(scene.Background.Video?.Src, path + ".background.video.src", options);
            Check(scene.Background.Generate?.Image, path + ".background.generate.image", options);
            for (var j = 0; j < scene.Layers.Count; j++)
            {
                Check(scene.Layers[j].Src, $"{path}.layers[{j}].src", options);
            }
        }
        Check(timeline.Soundtrack?.Src, timelineParam + ".soundtrack.src", options);
    }

    private static void Check(string? url, string param, AssetOptions options)
    {
        if (url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && !GuardedConnect.IsLiteralAllowed(uri, options.AllowLoopback, options.AllowPrivateNetworks))
        {
            throw new ApiErrorException(ApiError.Invalid(param, $"'{param}' points at a loopback, private or reserved address, which this server does not fetch from."));
        }
    }
}
