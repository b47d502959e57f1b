namespace Reelforge.Timelines;

/// <summary>
/// Applies the cascade so that the renderer sees only concrete values: every text layer gets the
/// preset of its style, then the timeline's text style, the scene's, and its own fields, in rising
/// precedence; every scene but the last gets its transition (its own, else the timeline's, else a cut).
/// </summary>
public static class TimelineResolver
{
    public const string DefaultFont = "DejaVu Sans";

    public static readonly IReadOnlyDictionary<string, TextStyle> Presets = new Dictionary<string, TextStyle>(StringComparer.Ordinal)
    {
        ["title"] = new() { Style = "title", Font = DefaultFont, Size = 0.09, Color = "#FFFFFF", Align = "center", Anchor = "center", Shadow = true },
        ["body"] = new() { Style = "body", Font = DefaultFont, Size = 0.06, Color = "#FFFFFF", Align = "center", Anchor = "center", Shadow = true },
        ["caption"] = new() { Style = "caption", Font = DefaultFont, Size = 0.05, Color = "#FFFFFF", Align = "center", Anchor = "bottom", Shadow = false, Box = new TextBox() },
    };

    private static readonly Transition Cut = new() { Type = "cut", Duration = 0 };

    public static Timeline Resolve(Timeline timeline)
    {
        var theme = timeline.Theme is { } name ? Themes.All.GetValueOrDefault(name) : null;
        return timeline with
        {
            Captions = theme is null ? timeline.Captions : Themed(timeline.Captions ?? new Captions { Mode = theme.CaptionMode }, theme, Themes.PaletteFor(theme, timeline.Seed, 0)),
            Scenes = timeline.Scenes.Select((scene, i) =>
            {
                var palette = theme is null ? null : Themes.PaletteFor(theme, timeline.Seed, i);
                var transition = i == timeline.Scenes.Count - 1 ? null : scene.Transition ?? timeline.Transition ?? theme?.Transition ?? Cut;
                return scene with
                {
                    Background = theme is null ? scene.Background : Themed(scene.Background, theme, palette!),
                    Layers = scene.Layers.Select(layer => layer.Type switch
                    {
                        "text" => ResolveText(layer, timeline.Text, scene.Text, theme, palette),
                        "image" => ResolveImage(layer),
                        "shape" => ResolveShape(layer, palette),
                        _ => ResolveIcon(layer),
                    }).ToList(),
                    Transition = transition is { Type: "random" } ? transition with { Type = Pick(timeline.Seed, i) } : transition,
                };
            }).ToList(),
        };
    }

    /// <summary>`random`: one of the tasteful transitions, the same for the same seed and scene.</summary>
    private static string Pick(int seed, int scene)
    {
        var hash = (uint)seed * 2654435761u ^ (uint)(scene + 1) * 40503u;
        hash ^= hash >> 15;
        return Transition.RandomChoices[(int)(hash % (uint)Transition.RandomChoices.Count)];
    }

    /// <summary>Captions take the theme's font and accent where they name none.</summary>
    private static Captions Themed(Captions captions, Theme theme, Palette palette) => captions with
    {
        Font = captions.Font ?? theme.TitleFont,
        Highlight = captions.Highlight ?? palette.Accent,
        // On a light ground the words are the palette's dark text, without a stroke.
        Color = captions.Color ?? (theme.LightGround ? palette.Text : null),
        Outline = captions.Outline ?? (theme.LightGround ? false : null),
    };

    /// <summary>A background left as it was (plain black) takes the theme's ground.</summary>
    private static Background Themed(Background background, Theme theme, Palette palette) =>
        background is { Color: "#000000", Gradient: null, Image: null, Video: null, Generate: null }
            ? background with
            {
                Color = palette.Ground,
                Gradient = new Gradient { From = palette.Ground, To = palette.GroundTo, Angle = 60, Animate = theme.MovingGradient },
                Grain = background.Grain || theme.Grain,
                Vignette = background.Vignette || theme.Vignette,
            }
            : background;

    private static Layer ResolveText(Layer layer, TextStyle? timeline, TextStyle? scene, Theme? theme, Palette? palette)
    {
        var styleName = layer.Style ?? scene?.Style ?? timeline?.Style ?? "title";
        var preset = Presets.GetValueOrDefault(styleName, Presets["title"]);
        if (theme is not null)
        {
            preset = preset with { Font = styleName == "title" ? theme.TitleFont : theme.BodyFont, Color = palette!.Text, Shadow = false };
        }
        T Pick<T>(Func<TextStyle, T?> field, T? own) where T : class => own ?? (scene is null ? null : field(scene)) ?? (timeline is null ? null : field(timeline)) ?? field(preset)!;
        T PickValue<T>(Func<TextStyle, T?> field, T? own) where T : struct => own ?? (scene is null ? null : field(scene)) ?? (timeline is null ? null : field(timeline)) ?? field(preset) ?? default;
        var upper = theme is { UppercaseTitles: true } && styleName == "title";
        return layer with
        {
            Text = upper ? layer.Text!.ToUpperInvariant() : layer.Text,
            Style = styleName,
            Font = Pick(s => s.Font, layer.Font),
            Size = PickValue(s => s.Size, layer.Size),
            Color = Pick(s => s.Color, layer.Color),
            Align = Pick(s => s.Align, layer.Align),
            Anchor = Pick(s => s.Anchor, layer.Anchor),
            Shadow = PickValue(s => s.Shadow, layer.Shadow),
            Outline = layer.Outline ?? scene?.Outline ?? timeline?.Outline ?? preset.Outline,
            Box = layer.Box ?? scene?.Box ?? timeline?.Box ?? preset.Box,
            MaxWidth = layer.MaxWidth ?? 0.84,
            Opacity = layer.Opacity ?? 1,
            Animate = layer.Animate ?? (theme is null || styleName == "caption" ? null : styleName == "title" ? theme.TitleMotion : theme.BodyMotion),
            X = layer.X ?? 0,
            Y = layer.Y ?? 0,
        };
    }

    private static Layer ResolveImage(Layer layer) => layer with
    {
        Anchor = layer.Anchor ?? "top-right",
        Scale = layer.Scale ?? 0.15,
        Opacity = layer.Opacity ?? 1,
        X = layer.X ?? 0,
        Y = layer.Y ?? 0,
    };

    private static Layer ResolveShape(Layer layer, Palette? palette) => layer with
    {
        // A progress bar runs the full width along an edge; other shapes sit in the safe area.
        Anchor = layer.Anchor ?? (layer.Shape == "progress" ? "bottom" : "center"),
        Width = layer.Width ?? (layer.Shape is "progress" ? 1 : layer.Shape is "circle" ? 0.1 : 0.3),
        Height = layer.Height ?? (layer.Shape is "progress" ? 0.012 : layer.Shape is "line" ? 0.008 : 0.1),
        Fill = layer.Fill ?? (layer.Stroke is null ? palette?.Accent ?? "#FFFFFF" : null),
        Radius = layer.Radius ?? 0,
        Opacity = layer.Opacity ?? 1,
        X = layer.X ?? 0,
        Y = layer.Y ?? 0,
    };

    private static Layer ResolveIcon(Layer layer) => layer with
    {
        Anchor = layer.Anchor ?? "center",
        Size = layer.Size ?? 0.25,
        Opacity = layer.Opacity ?? 1,
        X = layer.X ?? 0,
        Y = layer.Y ?? 0,
    };

    /// <summary>Every media source in the timeline, with a way to replace it (resolution to local files, data URLs to blobs).</summary>
    public static async Task<Timeline> MapSourcesAsync(Timeline timeline, Func<string, int, string, Task<string>> map)
    {
        var scenes = new List<Scene>(timeline.Scenes.Count);
        for (var i = 0; i < timeline.Scenes.Count; i++)
        {
            var scene = timeline.Scenes[i];
            var background = scene.Background;
            if (background.Image is { } image)
            {
                background = background with { Image = image with { Src = await map(image.Src, i, "image") } };
            }
            if (background.Video is { } video)
            {
                background = background with { Video = video with { Src = await map(video.Src, i, "video") } };
            }
            if (background.Generate is { Image: { } start } generate)
            {
                background = background with { Generate = generate with { Image = await map(start, i, "image") } };
            }
            var layers = new List<Layer>(scene.Layers.Count);
            for (var j = 0; j < scene.Layers.Count; j++)
            {
                var layer = scene.Layers[j];
                layers.Add(layer.Src is { } src ? layer with { Src = await map(src, i, $"layer{j}") } : layer);
            }
            scenes.Add(scene with { Background = background, Layers = layers });
        }
        var soundtrack = timeline.Soundtrack is { } music ? music with { Src = await map(music.Src, -1, "audio") } : null;
        return timeline with { Scenes = scenes, Soundtrack = soundtrack };
    }
}
