using System.Globalization;

namespace Reelforge.Timelines;

/// <summary>One thing wrong with a timeline, at its JSON path (`timeline.scenes[2].layers[0].color`).</summary>
public sealed record TimelineProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

public sealed record TimelineLimits
{
    public int MinDimension { get; init; } = 16;
    public int MaxDimension { get; init; } = 1920;
    public double MaxSeconds { get; init; } = 60;
    public int MaxScenes { get; init; } = 100;
    public int MaxLayers { get; init; } = 20;
    public int MaxTextLength { get; init; } = 2000;
    /// <summary>Local file paths as sources: for `reelforge render` on one's own machine, never for the API.</summary>
    public bool AllowLocalFiles { get; init; }
    /// <summary>`generate` backgrounds: only when an upstream video service is configured (`Upstream:BaseUrl`).</summary>
    public bool AllowGenerate { get; init; }
}

/// <summary>
/// Checks a client's timeline and returns every problem, not just the first. JSON can put null
/// wherever an object, a list, a list item or a string belongs, whatever the model's nullability
/// says, so every such place is checked for null before it is read.
/// </summary>
public static class TimelineValidator
{
    private static readonly int[] FrameRates = [24, 25, 30, 60];
    private static readonly string[] Qualities = ["draft", "standard", "high"];
    private static readonly string[] Fits = ["cover", "contain"];
    private static readonly string[] Fills = ["freeze", "loop"];
    private static readonly string[] Aligns = ["left", "center", "right"];

    public static IReadOnlyList<TimelineProblem> Validate(Timeline timeline, TimelineLimits limits, string root = "timeline")
    {
        var problems = new List<TimelineProblem>();
        void Check(bool ok, string path, string message)
        {
            if (!ok)
            {
                problems.Add(new TimelineProblem(path, message));
            }
        }

        var output = root + ".output";
        var o = timeline.Output ?? new OutputSpec();
        Check(timeline.Output is not null, output, "must be an object");
        Check(o.Width % 2 == 0 && o.Width >= limits.MinDimension && o.Width <= limits.MaxDimension, output + ".width", $"must be an even number from {limits.MinDimension} to {limits.MaxDimension}");
        Check(o.Height % 2 == 0 && o.Height >= limits.MinDimension && o.Height <= limits.MaxDimension, output + ".height", $"must be an even number from {limits.MinDimension} to {limits.MaxDimension}");
        Check(FrameRates.Contains(o.Fps), output + ".fps", "must be 24, 25, 30 or 60");
        Check(Qualities.Contains(o.Quality), output + ".quality", "must be draft, standard or high");
        Check(timeline.Theme is null || Themes.Names.Contains(timeline.Theme), root + ".theme", "must be one of " + string.Join(", ", Themes.Names));
        if (timeline.Text is { } style)
        {
            CheckStyle(style, root + ".text", Check);
        }
        if (timeline.Transition is { } transition)
        {
            CheckTransition(transition, root + ".transition", Check);
        }
        if (timeline.Soundtrack is { } music)
        {
            CheckSource(music.Src, root + ".soundtrack.src", limits, Check);
            Check(music.Volume is >= 0 and <= 2, root + ".soundtrack.volume", "must be from 0 to 2");
        }
        if (timeline.Captions is { } captions)
        {
            CheckCaptions(captions, root + ".captions", Check);
        }

        var scenes = timeline.Scenes ?? [];
        Check(timeline.Scenes is not null, root + ".scenes", "must be a list of scenes");
        Check(timeline.Scenes is null || scenes.Count > 0, root + ".scenes", "must have at least one scene");
        Check(scenes.Count <= limits.MaxScenes, root + ".scenes", $"may have at most {limits.MaxScenes} scenes");
        for (var i = 0; i < scenes.Count; i++)
        {
            if (scenes[i] is null)
            {
                Check(false, $"{root}.scenes[{i}]", "must be an object");
                continue;
            }
            CheckScene(timeline, i, $"{root}.scenes[{i}]", limits, Check);
        }
        if (problems.Count == 0 && scenes.All(s => s.Duration is { IsAuto: false }))
        {
            Check(timeline.DurationSeconds <= limits.MaxSeconds, root + ".scenes", $"add up to {timeline.DurationSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s; the limit is {limits.MaxSeconds} s");
        }
        return problems;
    }

    private static void CheckScene(Timeline timeline, int index, string path, TimelineLimits limits, Action<bool, string, string> check)
    {
        var scene = timeline.Scenes[index];
        if (scene.Duration is not { } duration)
        {
            check(false, path + ".duration", "is required: a number of seconds");
        }
        else if (duration.IsAuto)
        {
            check(scene.Narration is not null, path + ".duration", "\"auto\" needs narration, which this scene does not have");
        }
        else
        {
            var positive = duration.Seconds > 0 && duration.Seconds <= limits.MaxSeconds;
            check(positive, path + ".duration", $"must be more than 0 and at most {limits.MaxSeconds} seconds");
            // A scene must hold both the transition into it and the one out of it.
            var head = index > 0 ? (timeline.Scenes[index - 1]?.Transition ?? timeline.Transition)?.Seconds ?? 0 : 0;
            var tail = index < timeline.Scenes.Count - 1 ? (scene.Transition ?? timeline.Transition)?.Seconds ?? 0 : 0;
            check(!positive || head + tail <= duration.Seconds!.Value + 1e-9, path + ".duration",
                $"is shorter than its transitions ({(head + tail).ToString("0.##", CultureInfo.InvariantCulture)} s in and out)");
        }

        check(scene.Background is not null, path + ".background", "must be an object");
        var bg = scene.Background ?? new Background();
        check(IsColor(bg.Color), path + ".background.color", "must be a #RRGGBB colour");
        check(new object?[] { bg.Gradient, bg.Image, bg.Video, bg.Generate }.Count(x => x is not null) <= 1, path + ".background", "may have only one of gradient, image, video and generate");
        if (bg.Gradient is { } g)
        {
            check(IsColor(g.From), path + ".background.gradient.from", "must be a #RRGGBB colour");
            check(IsColor(g.To), path + ".background.gradient.to", "must be a #RRGGBB colour");
        }
        if (bg.Image is { } image)
        {
            CheckSource(image.Src, path + ".background.image.src", limits, check);
            check(Fits.Contains(image.Fit), path + ".background.image.fit", "must be cover or contain");
            check(ImageFill.Motions.Contains(image.Motion), path + ".background.image.motion", "must be one of " + string.Join(", ", ImageFill.Motions));
            check(image.Zoom is >= 1 and <= 3, path + ".background.image.zoom", "must be from 1 to 3");
        }
        if (bg.Video is { } video)
        {
            CheckSource(video.Src, path + ".background.video.src", limits, check);
            check(video.Trim >= 0, path + ".background.video.trim", "must not be negative");
            check(Fills.Contains(video.Fill), path + ".background.video.fill", "must be freeze or loop");
            check(video.Volume is >= 0 and <= 4, path + ".background.video.volume", "must be from 0 to 4");
        }
        if (bg.Generate is { } generate)
        {
            check(limits.AllowGenerate, path + ".background.generate", "needs an upstream video service (Upstream:BaseUrl and Upstream:Models; docs/providers.md)");
            check(!string.IsNullOrWhiteSpace(generate.Prompt) && generate.Prompt.Length <= limits.MaxTextLength, path + ".background.generate.prompt", $"must be text of at most {limits.MaxTextLength} characters");
            check(generate.Seconds is not { } asked || (asked >= 1 && asked <= limits.MaxSeconds), path + ".background.generate.seconds", $"must be a whole number from 1 to {limits.MaxSeconds}");
            if (generate.Image is { } start)
            {
                CheckSource(start, path + ".background.generate.image", limits, check);
            }
        }
        if (scene.Text is { } style)
        {
            CheckStyle(style, path + ".text", check);
        }
        if (scene.Narration is { } narration)
        {
            check(!string.IsNullOrWhiteSpace(narration.Text) && narration.Text.Length <= limits.MaxTextLength, path + ".narration.text",
                $"is required, at most {limits.MaxTextLength} characters");
            check(narration.Voice is not null && System.Text.RegularExpressions.Regex.IsMatch(narration.Voice, "^[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}(\\+[a-z0-9]{1,10})?$"), path + ".narration.voice",
                "must be a voice name such as en, en-us, fr or de, optionally with a variant (en+f3)");
            check(narration.Rate is >= 80 and <= 450, path + ".narration.rate", "must be from 80 to 450 words per minute");
        }
        if (scene.Transition is { } transition)
        {
            CheckTransition(transition, path + ".transition", check);
        }

        var layers = scene.Layers ?? [];
        check(scene.Layers is not null, path + ".layers", "must be a list of layers");
        check(layers.Count <= limits.MaxLayers, path + ".layers", $"may have at most {limits.MaxLayers} layers");
        for (var j = 0; j < layers.Count; j++)
        {
            if (layers[j] is null)
            {
                check(false, $"{path}.layers[{j}]", "must be an object");
                continue;
            }
            CheckLayer(layers[j], scene.Duration?.Seconds, $"{path}.layers[{j}]", limits, check);
        }
    }

    private static void CheckLayer(Layer layer, double? sceneSeconds, string path, TimelineLimits limits, Action<bool, string, string> check)
    {
        switch (layer.Type)
        {
            case "text":
                check(!string.IsNullOrWhiteSpace(layer.Text), path + ".text", "is required for a text layer");
                check((layer.Text?.Length ?? 0) <= limits.MaxTextLength, path + ".text", $"may be at most {limits.MaxTextLength} characters");
                CheckStyle(new TextStyle { Style = layer.Style, Size = layer.Size, Color = layer.Color, Align = layer.Align, Anchor = layer.Anchor, Outline = layer.Outline, Box = layer.Box }, path, check);
                check(layer.MaxWidth is null or > 0.05 and <= 1, path + ".max_width", "must be more than 0.05 and at most 1");
                check(layer.MaxHeight is null or > 0.02 and <= 1, path + ".max_height", "must be more than 0.02 and at most 1");
                break;
            case "image":
                if (layer.Src is null)
                {
                    check(false, path + ".src", "is required for an image layer");
                }
                else
                {
                    CheckSource(layer.Src, path + ".src", limits, check);
                }
                check(layer.Scale is null or > 0 and <= 1, path + ".scale", "must be more than 0 and at most 1");
                break;
            case "shape":
                check(layer.Shape is not null && Layer.Shapes.Contains(layer.Shape), path + ".shape", "must be one of " + string.Join(", ", Layer.Shapes));
                check(layer.Width is null or > 0 and <= 1, path + ".width", "must be a fraction of the frame width, more than 0 and at most 1");
                check(layer.Height is null or > 0 and <= 1, path + ".height", "must be a fraction of the frame height, more than 0 and at most 1");
                check(layer.Fill is null || IsColor(layer.Fill), path + ".fill", "must be a #RRGGBB colour");
                if (layer.Stroke is { } stroke)
                {
                    check(IsColor(stroke.Color), path + ".stroke.color", "must be a #RRGGBB colour");
                    check(stroke.Width is > 0 and <= 0.05, path + ".stroke.width", "must be more than 0 and at most 0.05");
                }
                break;
            case "icon":
                check(!string.IsNullOrWhiteSpace(layer.Icon) && layer.Icon.Length <= 16, path + ".icon", "is required for an icon layer: one emoji");
                check(layer.Size is null or > 0.01 and <= 1, path + ".size", "must be a fraction of the frame height, more than 0.01 and at most 1");
                break;
            case "captions":
                check(layer.Words is { Count: > 0 and <= 2000 }, path + ".words", "needs from 1 to 2000 words");
                for (var k = 0; k < (layer.Words?.Count ?? 0) && k < 2000; k++)
                {
                    var word = layer.Words![k];
                    if (word is null)
                    {
                        check(false, $"{path}.words[{k}]", "must be an object");
                        continue;
                    }
                    check(!string.IsNullOrWhiteSpace(word.Text) && word.Text.Length <= 64, $"{path}.words[{k}].text", "is required, at most 64 characters");
                    check(word.Start >= 0 && word.End > word.Start, $"{path}.words[{k}]", "needs start >= 0 and end after start");
                }
                if (layer.Captions is { } style)
                {
                    CheckCaptions(style, path + ".captions", check);
                }
                break;
            default:
                check(false, path + ".type", "must be one of " + string.Join(", ", Layer.Types));
                break;
        }
        check(layer.Opacity is null or >= 0 and <= 1, path + ".opacity", "must be from 0 to 1");
        check(layer.Radius is null or >= 0 and <= 0.5, path + ".radius", "must be from 0 to 0.5");
        check(layer.Anchor is null || Layer.Anchors.Contains(layer.Anchor), path + ".anchor", "must be one of " + string.Join(", ", Layer.Anchors));
        check(layer.X is null or >= -1 and <= 1, path + ".x", "must be from -1 to 1");
        check(layer.Y is null or >= -1 and <= 1, path + ".y", "must be from -1 to 1");
        check(layer.Start is null or >= 0, path + ".start", "must not be negative");
        check(layer.Start is null || sceneSeconds is null || layer.Start < sceneSeconds, path + ".start", "must be before the scene ends");
        check(layer.End is null || layer.End > (layer.Start ?? 0), path + ".end", "must be after start");
        if (layer.Animate is { } animate)
        {
            CheckAnimation(animate.In, layer, path + ".animate.in", check);
            CheckAnimation(animate.Out, layer, path + ".animate.out", check);
        }
    }

    private static void CheckCaptions(Captions captions, string path, Action<bool, string, string> check)
    {
        check(Captions.Modes.Contains(captions.Mode), path + ".mode", "must be one of " + string.Join(", ", Captions.Modes));
        check(captions.Words is >= 1 and <= 12, path + ".words", "must be from 1 to 12");
        check(captions.Color is null || IsColor(captions.Color), path + ".color", "must be a #RRGGBB colour");
        check(captions.Highlight is null || IsColor(captions.Highlight), path + ".highlight", "must be a #RRGGBB colour");
        check(captions.Size is > 0.01 and <= 0.2, path + ".size", "must be more than 0.01 and at most 0.2");
        check(captions.Position is null || Captions.Positions.Contains(captions.Position), path + ".position", "must be bottom, center or top");
        check(captions.Offset is >= 0 and <= 0.4, path + ".offset", "must be from 0 to 0.4");
    }

    private static void CheckAnimation(Animation? animation, Layer layer, string path, Action<bool, string, string> check)
    {
        if (animation is null)
        {
            return;
        }
        check(Animation.Types.Contains(animation.Type), path + ".type", "must be one of " + string.Join(", ", Animation.Types));
        check(!Animation.Reveals.Contains(animation.Type) || layer.Type == "text", path + ".type", $"{animation.Type} reveals text, so it needs a text layer");
        check(animation.Duration is null or > 0 and <= 10, path + ".duration", "must be more than 0 and at most 10 seconds");
        check(animation.Delay is >= 0 and <= 60, path + ".delay", "must be from 0 to 60 seconds");
        check(animation.Easing is null || Animation.Easings.Contains(animation.Easing), path + ".easing", "must be one of " + string.Join(", ", Animation.Easings));
    }

    private static void CheckStyle(TextStyle style, string path, Action<bool, string, string> check)
    {
        check(style.Style is null || TimelineResolver.Presets.ContainsKey(style.Style), path + ".style", "must be title, body or caption");
        check(style.Size is null or > 0.005 and <= 0.5, path + ".size", "must be a fraction of the frame height, more than 0.005 and at most 0.5");
        check(style.Color is null || IsColor(style.Color), path + ".color", "must be a #RRGGBB colour");
        check(style.Align is null || Aligns.Contains(style.Align), path + ".align", "must be left, center or right");
        check(style.Anchor is null || Layer.Anchors.Contains(style.Anchor), path + ".anchor", "must be one of " + string.Join(", ", Layer.Anchors));
        if (style.Outline is { } outline)
        {
            check(IsColor(outline.Color), path + ".outline.color", "must be a #RRGGBB colour");
            check(outline.Width is > 0 and <= 0.05, path + ".outline.width", "must be more than 0 and at most 0.05");
        }
        if (style.Box is { } box)
        {
            check(IsColor(box.Color), path + ".box.color", "must be a #RRGGBB colour");
            check(box.Opacity is >= 0 and <= 1, path + ".box.opacity", "must be from 0 to 1");
            check(box.Padding is >= 0 and <= 0.2, path + ".box.padding", "must be from 0 to 0.2");
        }
    }

    private static void CheckTransition(Transition transition, string path, Action<bool, string, string> check)
    {
        check(Transition.Types.Contains(transition.Type), path + ".type", "must be one of " + string.Join(", ", Transition.Types));
        check(transition.Type == "cut" || transition.Duration is > 0 and <= 5, path + ".duration", "must be more than 0 and at most 5 seconds");
    }

    private static void CheckSource(string? src, string path, TimelineLimits limits, Action<bool, string, string> check)
    {
        if (src is null)
        {
            check(false, path, "is required: an http(s) URL or a data URL");
            return;
        }
        if (limits.AllowLocalFiles && !src.Contains("://", StringComparison.Ordinal) && !src.StartsWith("data:", StringComparison.Ordinal))
        {
            check(File.Exists(src), path, $"no file at '{src}'");
            return;
        }
        check(Uri.TryCreate(src, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "data", path, "must be an http(s) URL or a data URL");
    }

    public static bool IsColor(string? value) =>
        value is { Length: 7 } && value[0] == '#' && !value.AsSpan(1).ContainsAnyExcept("0123456789abcdefABCDEF");
}
