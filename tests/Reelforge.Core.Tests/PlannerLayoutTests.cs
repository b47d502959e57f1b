using Reelforge.Planning;
using Reelforge.Timelines;

namespace Reelforge.Core.Tests;

/// <summary>A prompt becomes a designed video: each sentence's shape picks its layout, and every layout stays in the frame.</summary>
public sealed class PlannerLayoutTests
{
    private const string Prompt =
        "Sleep better tonight. Three tips for better sleep: keep a schedule, skip late coffee, and dim the lights. " +
        "90% of adults check their phone in bed. \"Sleep is the best meditation.\" — Dalai Lama. " +
        "Your body repairs itself at night. Light tells your brain when to wake. Follow for more tips.";

    [Theory]
    [InlineData("Three tips for better sleep: keep a schedule, skip late coffee, and dim the lights.", 2, SentenceKind.List)]
    [InlineData("90% of adults check their phone in bed.", 2, SentenceKind.Statistic)]
    [InlineData("\"Sleep is the best meditation.\" — Dalai Lama.", 2, SentenceKind.Quote)]
    [InlineData("Follow for more tips.", 4, SentenceKind.CallToAction)]
    [InlineData("Follow the river upstream.", 2, SentenceKind.Body)]
    [InlineData("Your body repairs itself at night.", 2, SentenceKind.Body)]
    [InlineData("Your body repairs itself at night.", 0, SentenceKind.Hook)]
    public void Sentences_AreReadForTheirShape(string sentence, int index, SentenceKind kind) =>
        Assert.Equal(kind, SentenceKinds.Classify(sentence, index, count: 5).Kind);

    [Fact]
    public void AList_KeepsItsHeadingAndItems_NumberedWhenItCountsThem()
    {
        var list = SentenceKinds.Classify("Three tips for better sleep: keep a schedule, skip late coffee, and dim the lights.", 0, 1);

        Assert.Equal("Three tips for better sleep", list.Lead);
        Assert.Equal(["Keep a schedule", "Skip late coffee", "Dim the lights"], list.Parts);
        Assert.True(list.Numbered);
    }

    [Fact]
    public void BulletedLines_BecomeOneListUnderTheLineBeforeThem()
    {
        var folded = SentenceKinds.FoldBulletLines("Packing list\n- passport\n- charger, cable\n- snacks\nHave a good trip.");
        var list = SentenceKinds.Classify(folded.Split('\n')[0], 0, 2);

        Assert.Equal(SentenceKind.List, list.Kind);
        Assert.Equal("Packing list", list.Lead);
        Assert.Equal(["Passport", "Charger, cable", "Snacks"], list.Parts);
    }

    [Fact]
    public void TheFirstSentence_IsAHook_AndTheLastCallToAction_AnEndCard()
    {
        var timeline = PromptPlanner.Plan(Prompt, 20, new OutputSpec { Width = 1280, Height = 720 }, seed: 3, theme: "minimal");

        var hook = timeline.Scenes[0].Layers.First(l => l.Type == "text");
        Assert.Equal("title", hook.Style);
        Assert.True(hook.Size >= 0.12, "the hook is large");
        var list = timeline.Scenes[1].Layers.Where(l => l.Type == "text").ToList();
        Assert.Equal(["Three tips for better sleep", "1.  Keep a schedule", "2.  Skip late coffee", "3.  Dim the lights"], list.Select(l => l.Text));
        var starts = list.Skip(1).Select(l => l.Start!.Value).ToList();
        Assert.True(starts.SequenceEqual(starts.Order()) && starts.Distinct().Count() == 3, "items appear one by one");
        Assert.Contains(timeline.Scenes[2].Layers, l => l.Text == "90%" && l.Color == Themes.PaletteFor(Themes.All["minimal"], 3, 2).Accent);
        // The quotation mark heads its quote, not the frame's corner.
        var quote = timeline.Scenes[3].Layers.Where(l => l.Type == "text").ToList();
        Assert.Equal(["“", "Sleep is the best meditation.", "— Dalai Lama"], quote.Select(l => l.Text));
        Assert.All(quote, l => Assert.Equal("center", l.Anchor));
        Assert.True(quote[0].Y < quote[1].Y && quote[1].Y < quote[2].Y, "mark, words, attribution, top to bottom");
        var end = timeline.Scenes[^1].Layers.First(l => l.Type == "text");
        Assert.Equal("Follow for more tips.", end.Text);
        Assert.NotNull(end.Box);
    }

    [Fact]
    public void BodyScenesNextToEachOther_LookDifferent()
    {
        var timeline = PromptPlanner.Plan("Start here. One thing. Another thing. A third thing. A fourth one.", 12, new OutputSpec(), seed: 5, theme: "neon");

        static string Shape(Scene s) => string.Join(',', s.Layers.Select(l => l.Type + ":" + l.Anchor + ":" + l.Align));
        for (var i = 1; i + 1 < timeline.Scenes.Count; i++)
        {
            Assert.NotEqual(Shape(timeline.Scenes[i]), Shape(timeline.Scenes[i + 1]));
        }
    }

    private const string Steps =
        "Three habits that make mornings easier. First, put your phone in another room before bed. " +
        "Second, lay out tomorrow's clothes. Finally, drink a glass of water before coffee. Try it for a week.";

    [Fact]
    public void OrdinalSentences_AreNumberedSteps_LaidOutAlike_WithoutTheirOrdinal()
    {
        var planned = SentenceKinds.ClassifyAll(PromptPlanner.Sentences(Steps, 20, "slides"));

        Assert.Equal([SentenceKind.Hook, SentenceKind.Step, SentenceKind.Step, SentenceKind.Step, SentenceKind.CallToAction], planned.Select(p => p.Kind));
        Assert.Equal(["1", "2", "3"], planned.Where(p => p.Kind == SentenceKind.Step).Select(p => p.Lead));
        Assert.Equal("Drink a glass of water before coffee.", planned[3].Parts[0]);

        var timeline = PromptPlanner.Plan(Steps, 20, new OutputSpec { Width = 1080, Height = 1920 }, seed: 4, theme: "bold");
        static string Shape(Scene s) => string.Join(',', s.Layers.Select(l => l.Type + ":" + l.Shape + ":" + l.Anchor));
        Assert.Equal(Shape(timeline.Scenes[1]), Shape(timeline.Scenes[2]));
        Assert.Equal(Shape(timeline.Scenes[2]), Shape(timeline.Scenes[3]));
        var texts = timeline.Scenes[2].Layers.Where(l => l.Type == "text").ToList();
        Assert.Equal(["2", "Lay out tomorrow's clothes."], texts.Select(l => l.Text));
        var disc = Assert.Single(timeline.Scenes[2].Layers, l => l.Shape == "circle");
        Assert.Equal(disc.Y, texts[0].Y);
        Assert.True(texts[1].Y > disc.Y, "the words are under the number");
    }

    [Theory]
    [InlineData("First, we need to talk about sleep.")]
    [InlineData("First things first, we need to talk.")]
    [InlineData("Second by second, the light fades.")]
    public void AnOrdinalAlone_OrWithoutItsComma_IsNoStep(string sentence)
    {
        var planned = SentenceKinds.ClassifyAll(["Good morning.", sentence, "See you tomorrow."]);

        Assert.Equal(SentenceKind.Body, planned[1].Kind);
    }

    [Theory]
    [InlineData("Step 1: wake up. Step 2: stretch.", "1", "Wake up.")]
    [InlineData("Tip #1 - drink water. Tip #2 - sleep early.", "1", "Drink water.")]
    [InlineData("Number one, breathe. Number two, smile.", "1", "Breathe.")]
    [InlineData("Firstly, plan. Secondly, act. Lastly, rest.", "1", "Plan.")]
    public void StepsAreRecognised_InTheWaysPeopleNumberThem(string prompt, string number, string words)
    {
        var planned = SentenceKinds.ClassifyAll(PromptPlanner.Sentences(prompt, 20, "slides"));

        Assert.All(planned, p => Assert.Equal(SentenceKind.Step, p.Kind));
        Assert.Equal((number, words), (planned[0].Lead, planned[0].Parts[0]));
        Assert.Equal(Enumerable.Range(1, planned.Count).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), planned.Select(p => p.Lead));
    }

    [Fact]
    public void AStepsIcon_IsForItsWords_NotAMedalForItsOrdinal()
    {
        var icons = new PlannerIcons(EmojiIndex.LoadDefault());

        Assert.Null(icons.For("Second, it works.", seed: 1));
        Assert.Equal("🍕", icons.For("Second, order pizza.", seed: 1));
    }

    [Fact]
    public void JapaneseSentences_EndAtTheirFullStops_AndTheirTextIsEstimatedByCharacter()
    {
        var sentences = PromptPlanner.Sentences("東京の朝はとても静かです。人々は電車で仕事に行きます。「おはよう。」と言いましょう！", 9, "slides");

        Assert.Equal(["東京の朝はとても静かです。", "人々は電車で仕事に行きます。", "「おはよう。」と言いましょう！"], sentences);
        var context = new LayoutContext(new OutputSpec { Width = 1080, Height = 1920 }, Themes.All["bold"], Themes.All["bold"].Palettes[0], 3);
        var title = new Layer { Type = "text", Text = sentences[0], Style = "title", Size = 0.11, MaxWidth = 0.86 };
        var oneLine = 1.2 * 0.11 * 1080 / 1920;
        // Thirteen wide characters at title size take more than one line on a 9:16 frame.
        Assert.True(context.TextHeight(title) >= 2 * oneLine - 1e-9, $"estimated {context.TextHeight(title) / oneLine:0.0} lines");
    }

    [Theory]
    [InlineData(1280, 720)]
    [InlineData(1080, 1920)]
    [InlineData(1080, 1080)]
    public void EveryTheme_FillsTheLengthExactly_AndEveryBlockStaysInTheSafeArea(int width, int height)
    {
        foreach (var (theme, prompt) in Themes.Names.SelectMany(t => new[] { (t, Prompt), (t, Steps) }))
        {
            var timeline = PromptPlanner.Plan(prompt, 20, new OutputSpec { Width = width, Height = height }, seed: 11, theme: theme,
                icons: new PlannerIcons(EmojiIndex.LoadDefault()));

            Assert.Equal(20, timeline.DurationSeconds, precision: 6);
            Assert.Empty(TimelineValidator.Validate(timeline, new TimelineLimits()));
            var context = new LayoutContext(timeline.Output, Themes.All[theme], Themes.All[theme].Palettes[0], 3);
            foreach (var layer in timeline.Scenes.SelectMany(s => s.Layers).Where(l => l.Type is "text" or "icon"))
            {
                // The estimated block (an icon is as tall as its size), placed at its anchor, lies within the 5% margins.
                var tall = layer.Type == "icon" ? context.Tall(layer.Size!.Value) : context.TextHeight(layer);
                var top = layer.Anchor!.StartsWith("top", StringComparison.Ordinal) ? 0.05 + layer.Y!.Value
                    : layer.Anchor.StartsWith("bottom", StringComparison.Ordinal) ? 0.95 - tall + layer.Y!.Value
                    : 0.5 - tall / 2 + layer.Y!.Value;
                Assert.True(top >= 0.03 && top + tall <= 0.97 + 1e-9, $"{theme} {width}x{height}: '{layer.Text}' spans {top:0.00}-{top + tall:0.00}");
            }
        }
    }

    [Fact]
    public void AStory_KeepsNarrationAndCaptions_OverTheSameLayouts()
    {
        var timeline = PromptPlanner.Plan(Prompt, 20, new OutputSpec { Width = 1080, Height = 1920 }, seed: 2, style: "story", theme: "bold");

        Assert.All(timeline.Scenes, s => Assert.NotNull(s.Narration));
        Assert.Equal("pop", timeline.Captions!.Mode);
        Assert.Contains(timeline.Scenes[1].Layers, l => l.Text == "1.  Keep a schedule");
        Assert.All(timeline.Scenes, s => Assert.True(s.Background.Gradient is not null, "a designed background, not an empty one"));
        // The sentence itself is the captions' job: no body scene repeats it on screen.
        Assert.DoesNotContain(timeline.Scenes.SelectMany(s => s.Layers), l => l.Text == "Your body repairs itself at night.");
    }

    [Fact]
    public void Icons_AreMatchedPerScene_AndLeftOutWhenOff()
    {
        var icons = new PlannerIcons(EmojiIndex.LoadDefault());
        var with = PromptPlanner.Plan("I love pizza. Rockets launch at night.", 6, new OutputSpec(), seed: 1, theme: "bold", icons: icons);
        var without = PromptPlanner.Plan("I love pizza. Rockets launch at night.", 6, new OutputSpec(), seed: 1, theme: "bold", icons: PlannerIcons.None);

        Assert.Equal(["🍕", "🚀"], with.Scenes.Select(s => s.Layers.First(l => l.Type == "icon").Icon));
        Assert.DoesNotContain(without.Scenes.SelectMany(s => s.Layers), l => l.Type == "icon");
    }
}
