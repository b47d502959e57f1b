using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Reelforge.Jobs;
using Reelforge.Planning;
using Reelforge.Timelines;

namespace Reelforge.Cli;

/// <summary>`reelforge plan "prompt"`: the timeline the server would render for a prompt, as JSON (edit it, then `reelforge render` it).</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var prompt = new Argument<string>("prompt") { Description = "What the video says; sentences become scenes." };
        var seconds = new Option<double>("--seconds") { Description = "Length (slides).", DefaultValueFactory = _ => 8 };
        var size = new Option<string>("--size") { Description = "WIDTHxHEIGHT.", DefaultValueFactory = _ => "1280x720" };
        var style = new Option<string>("--style") { Description = "slides or story.", DefaultValueFactory = _ => "slides" };
        var theme = new Option<string?>("--theme") { Description = "One of " + string.Join(", ", Themes.Names) + "; default: the seed's pick." };
        var seed = new Option<int?>("--seed") { Description = "Default: a hash of the prompt." };
        var command = new Command("plan", "Print the timeline a prompt becomes.") { prompt, seconds, size, style, theme, seed };
        command.SetAction(parse =>
        {
            var parts = parse.GetValue(size)!.Split('x');
            if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var w) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var h))
            {
                Console.Error.WriteLine("reelforge: --size must be WIDTHxHEIGHT");
                return 2;
            }
            var text = parse.GetValue(prompt)!;
            if (parse.GetValue(theme) is { } name && !Themes.Names.Contains(name))
            {
                Console.Error.WriteLine("reelforge: --theme must be one of " + string.Join(", ", Themes.Names));
                return 2;
            }
            var icons = PlannerIcons.Create(new PlannerOptions(), NullLogger.Instance);
            var timeline = PromptPlanner.Plan(text, parse.GetValue(seconds), new OutputSpec { Width = w, Height = h, Fps = PromptPlanner.DefaultFps },
                parse.GetValue(seed) ?? PromptPlanner.SeedOf(text), style: parse.GetValue(style)!, theme: parse.GetValue(theme), icons: icons);
            Console.WriteLine(JsonSerializer.Serialize(timeline, TimelineJson.Default.Timeline));
            return 0;
        });
        return command;
    }
}
