using System.Text.Json.Nodes;
using Reelforge.Blobs;
using Reelforge.Jobs;
using Reelforge.Pipeline;
using Reelforge.Server.Api;
using Reelforge.Server.Errors;
using Reelforge.Templates;
using Reelforge.Timelines;

namespace Reelforge.Server.Templates;

/// <summary>Turns a template and a request's inputs into a video spec, for every API that creates from templates.</summary>
public static class TemplateRequests
{
    /// <summary>
    /// Checks the inputs (400 with every problem, `param` the first, under <paramref name="inputsParam"/>), fills
    /// the template in, and checks the result as any timeline (422 `invalid_template` when the template itself is at fault).
    /// </summary>
    public static async Task<VideoSpec> SpecAsync(VideoTemplate template, JsonObject? inputs, string inputsParam, string jobId, string model,
        IBlobStore blobs, VideosOptions options, CancellationToken ct)
    {
        var (values, problems) = TemplateInputs.Check(template, inputs, inputsParam);
        if (problems.Count > 0)
        {
            throw new ApiErrorException(new ApiError(400, "invalid_inputs",
                $"The inputs of template '{template.Id}' have {problems.Count} problem{(problems.Count == 1 ? "" : "s")}: {string.Join("; ", problems)}.",
                problems[0].Path) { Problems = problems });
        }
        VideoSpec spec;
        if (template.Plan is { } plan)
        {
            var prompt = TemplateInputs.FillText(plan.Prompt, values);
            var (width, height) = Size(plan.Size is null ? options.DefaultSize : TemplateInputs.FillText(plan.Size, values), template);
            spec = new VideoSpec
            {
                Prompt = prompt, Model = model, Width = width, Height = height, Style = plan.Style == "story" ? "story" : null,
                // A template that takes a `prompt` has it written by the script provider when one is configured; any other plan's prompt is its inputs' own words.
                Script = template.Variables.Any(v => v.Key == "prompt") ? null : Providers.ProviderPlanning.Literal,
                Seconds = plan.Style == "story" ? VideoRequests.StorySeconds(prompt, inputsParam, options) : options.DefaultSeconds,
            };
        }
        else
        {
            var (timeline, wrong) = TimelineRequests.Parse(TemplateInputs.Fill(template.Timeline!, values), "template", options);
            if (wrong.Count > 0)
            {
                throw new ApiErrorException(new ApiError(422, "invalid_template",
                    $"Template '{template.Id}' does not make a valid video with these inputs: {string.Join("; ", wrong)}.") { Problems = wrong });
            }
            spec = await TimelineRequests.SpecAsync(timeline!, "", model, jobId, blobs, options, ct);
        }
        return spec with { TemplateId = template.Id, SlidesOnly = template.SlidesOnly };
    }

    private static (int Width, int Height) Size(string size, VideoTemplate template) =>
        size.Split('x') is [var w, var h] && int.TryParse(w, System.Globalization.CultureInfo.InvariantCulture, out var width)
            && int.TryParse(h, System.Globalization.CultureInfo.InvariantCulture, out var height)
            ? (width, height)
            : throw new ApiErrorException(new ApiError(422, "invalid_template", $"Template '{template.Id}' has a plan size '{size}' that is not WIDTHxHEIGHT."));
}
