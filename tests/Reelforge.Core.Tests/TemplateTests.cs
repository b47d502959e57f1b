using System.Text.Json;
using System.Text.Json.Nodes;
using Reelforge.Jobs;
using Reelforge.Templates;
using Reelforge.Timelines;

namespace Reelforge.Core.Tests;

public sealed class TemplateTests
{
    private static readonly TemplateLibrary Library = new(Path.Combine(Path.GetTempPath(), "rf-no-templates-" + Guid.NewGuid().ToString("N")));
    private const string Image = "https://images.example/a.jpg";

    /// <summary>Inputs that fill every required variable of each built-in.</summary>
    public static TheoryData<string, string> BuiltIns => new()
    {
        { "quote-card", """{"quote":"Less, but better.","author":"Dieter Rams"}""" },
        { "tweet-card", """{"text":"Shipped it.","name":"Reelforge","handle":"@reelforge","avatar":"https://images.example/a.png"}""" },
        { "image-slideshow", """{"images":["https://images.example/a.jpg","https://images.example/b.jpg"],"title":"Trip"}""" },
        { "narrated-story", """{"prompt":"A keeper finds a bottle. The letter is for him."}""" },
        { "image-carousel", """{"images":["https://images.example/a.jpg"],"caption":"Swipe"}""" },
        { "property-listing", """{"address":"1 Harbour Road","price":"€ 450,000","photos":["https://images.example/a.jpg"],"details":"3 bed","agent":"Ana"}""" },
    };

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void EveryBuiltIn_FillsIntoAValidTimeline(string id, string inputs)
    {
        var template = Library.Find(id)!;
        var (values, problems) = TemplateInputs.Check(template, JsonNode.Parse(inputs)!.AsObject(), "inputs");
        Assert.Empty(problems);
        if (template.Plan is { } plan)
        {
            Assert.Equal("A keeper finds a bottle. The letter is for him.", TemplateInputs.FillText(plan.Prompt, values));
            return;
        }
        var timeline = TemplateInputs.Fill(template.Timeline!, values)!.Deserialize(TimelineJson.Default.Timeline)!;
        Assert.Empty(TimelineValidator.Validate(timeline, new TimelineLimits(), "template"));
    }

    [Fact]
    public void Each_MakesOneSceneAnItem_AndIf_DropsWhatHasNoValue()
    {
        var template = Library.Find("property-listing")!;
        var (values, _) = TemplateInputs.Check(template, JsonNode.Parse("""{"address":"A","price":"1","photos":["https://i.example/1.jpg","https://i.example/2.jpg","https://i.example/3.jpg"]}""")!.AsObject(), "inputs");
        var scenes = TemplateInputs.Fill(template.Timeline!, values)!["scenes"]!.AsArray();

        Assert.Equal(5, scenes.Count); // intro, three photos, outro
        Assert.Equal("https://i.example/2.jpg", scenes[2]!["background"]!["image"]!["src"]!.GetValue<string>());
        Assert.Equal(3, scenes[2]!["duration"]!.GetValue<long>()); // the number default, as a number
        Assert.Empty(scenes[4]!["layers"]!.AsArray()); // no details, no agent
    }

    [Fact]
    public void UserText_IsInsertedAsData_NeverExpandedAgain()
    {
        var template = Library.Find("quote-card")!;
        var (values, _) = TemplateInputs.Check(template, JsonNode.Parse("""{"quote":"{{background}} and \"quotes\"","seconds":"4"}""")!.AsObject(), "inputs");
        var scene = TemplateInputs.Fill(template.Timeline!, values)!["scenes"]![0]!;

        Assert.Equal("{{background}} and \"quotes\"", scene["layers"]![1]!["text"]!.GetValue<string>());
        Assert.Equal(4, scene["duration"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("light", "#FFFFFF", "circle")]
    [InlineData("dark", "#15202B", "circle")]
    public void If_WithEquals_ChoosesThenOrElse_AndElseFillsInForAMissingValue(string theme, string card, string avatar)
    {
        var template = Library.Find("tweet-card")!;
        var (values, problems) = TemplateInputs.Check(template, JsonNode.Parse($$"""{"text":"Hi","name":"Ada","handle":"@ada","theme":"{{theme}}"}""")!.AsObject(), "inputs");
        var layers = TemplateInputs.Fill(template.Timeline!, values)!["scenes"]![0]!["layers"]!.AsArray();

        Assert.Empty(problems);
        Assert.Equal(card, layers[0]!["fill"]!.GetValue<string>());
        Assert.Equal(avatar, layers[1]!["shape"]!.GetValue<string>());
    }

    [Fact]
    public void Inputs_AreCheckedAgainstTheirTypes_WithEveryProblemNamed()
    {
        var template = Library.Find("property-listing")!;
        var (_, problems) = TemplateInputs.Check(template, JsonNode.Parse(
            """{"price":"1","photos":["ftp://x/1.jpg"],"brand_color":"blue","seconds_per_photo":99,"colour":"#000000"}""")!.AsObject(), "inputs");

        Assert.Equal(["inputs.address", "inputs.brand_color", "inputs.colour", "inputs.photos", "inputs.seconds_per_photo"],
            problems.Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AnOperatorsFolder_AddsAndReplacesTemplates_AndReportsBrokenFiles()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rf-templates-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var library = new TemplateLibrary(dir);
            var builtIns = library.All.Count;
            File.WriteAllText(Path.Combine(dir, "mine.json"), """{"id":"quote-card","name":"Our quote card","plan":{"prompt":"{{q}}"},"variables":[{"key":"q","required":true}]}""");
            File.WriteAllText(Path.Combine(dir, "broken.json"), """{"id":"broken","name":"No body"}""");

            Assert.Equal("Our quote card", library.Find("quote-card")!.Name);
            Assert.Equal(builtIns, library.All.Count);
            Assert.Contains(library.Problems, p => p.StartsWith("broken.json", StringComparison.Ordinal));
            Assert.Equal("tweet-card", library.Find("/base/v2/tweet-card/9714ae5c-7e6b-4878-be4a-4b1ba5d0cd66/v1")!.Id);
            Assert.Equal("narrated-story", library.Find("/base/v2/ai-story-video/5903fe43-514d-40ee-a060-0d6628c5f8fd/v1")!.Id);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
