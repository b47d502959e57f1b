using System.Text.Json;
using System.Text.Json.Nodes;
using Reelforge.Rendering.Compose;
using Reelforge.Rendering.Motion;
using Reelforge.Jobs;
using Reelforge.Templates;
using Reelforge.Timelines;
using SkiaSharp;

namespace Reelforge.Rendering.Tests;

/// <summary>The quote-card template with the longest quote and author it takes: the two never overlap.</summary>
public sealed class QuoteCardTests
{
    private static readonly string LongQuote = string.Join(' ', Enumerable.Repeat("Simplicity is the ultimate sophistication, and", 7))[..280];
    private static readonly string LongAuthor = "Leonardo di ser Piero da Vinci, painter, engineer and keeper of many notebooks"[..78] + " X";

    [Theory]
    [InlineData(1080, 1080)]
    [InlineData(720, 1280)]
    public void ALongQuote_LeavesTheAuthorsBandFreeOfInk(int width, int height)
    {
        var layers = FilledLayers(width, height);
        var (quote, author) = (layers[1], layers[2]);
        Assert.StartsWith("— Leonardo", author.Text, StringComparison.Ordinal);

        var authorBox = LayerPainter.Bounds(width, height, author);
        Assert.False(LayerPainter.Bounds(width, height, quote).IntersectsWith(authorBox), "the quote's box reaches into the author's");
        // Ink, not boxes: the quote alone, at rest, on a clear canvas, has no pixel in the author's band.
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            LayerPainter.Paint(canvas, width, height, quote, Look.Rest);
        }
        var band = SKRectI.Round(authorBox);
        var ink = 0;
        for (var y = Math.Max(0, band.Top); y < Math.Min(height, band.Bottom); y++)
        {
            for (var x = 0; x < width; x++)
            {
                ink += bitmap.GetPixel(x, y).Alpha > 16 ? 1 : 0;
            }
        }
        Assert.Equal(0, ink);
    }

    /// <summary>The template filled with the longest inputs, at a given size, resolved as the renderer sees it.</summary>
    private static IReadOnlyList<Layer> FilledLayers(int width, int height)
    {
        var library = new TemplateLibrary(Path.Combine(Path.GetTempPath(), "rf-no-templates-" + Guid.NewGuid().ToString("N")));
        var template = library.Find("quote-card")!;
        var inputs = new JsonObject { ["quote"] = LongQuote, ["author"] = LongAuthor };
        var (values, problems) = TemplateInputs.Check(template, inputs, "inputs");
        Assert.Empty(problems);
        var timeline = TemplateInputs.Fill(template.Timeline!, values)!.Deserialize(TimelineJson.Default.Timeline)!;
        timeline = TimelineResolver.Resolve(timeline with { Output = timeline.Output with { Width = width, Height = height } });
        return timeline.Scenes[0].Layers;
    }
}
