using System.Globalization;

namespace Reelforge.Rendering.Compose;

/// <summary>Collects FFmpeg inputs and filter-graph chains, handing out input indexes and labels.</summary>
internal sealed class FilterGraph
{
    private int _inputs;
    private int _labels;

    public List<string> InputArgs { get; } = [];
    public List<string> Chains { get; } = [];

    /// <summary>Adds a local file input (FFmpeg may read files only), with options placed before `-i`.</summary>
    public int AddFile(string path, params string[] options)
    {
        InputArgs.AddRange([.. options, "-protocol_whitelist", "file", "-i", path]);
        return _inputs++;
    }

    /// <summary>Adds a lavfi source made by Reelforge (never from user text).</summary>
    public int AddSource(string lavfi)
    {
        InputArgs.AddRange(["-f", "lavfi", "-i", lavfi]);
        return _inputs++;
    }

    public string NewLabel(string prefix) => $"{prefix}{_labels++}";

    /// <summary>Adds `[in]chain[out]` and returns the output label.</summary>
    public string Chain(string input, string chain, string prefix = "v")
    {
        var output = NewLabel(prefix);
        Chains.Add($"[{input}]{chain}[{output}]");
        return output;
    }

    public string Render() => string.Join(';', Chains);

    public static string N(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
