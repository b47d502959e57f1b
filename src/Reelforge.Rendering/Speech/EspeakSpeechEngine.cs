using System.Buffers.Binary;
using Microsoft.Extensions.Options;
using Reelforge.Pipeline;
using Reelforge.Rendering.Processes;
using Reelforge.Timelines;

namespace Reelforge.Rendering.Speech;

/// <summary>
/// Text to speech with espeak-ng. The text goes in as a file (never as an argument) and SSML is off,
/// so nothing in it is read as an option or markup. Word times are shared out over the spoken
/// length by the size of each word and the pauses its punctuation makes.
/// </summary>
public sealed class EspeakSpeechEngine(IOptions<RenderOptions> options) : ISpeechEngine
{
    public async Task<Pipeline.Speech> SpeakAsync(Narration narration, string wavPath, CancellationToken ct)
    {
        var temp = wavPath + ".partial.wav";
        var text = wavPath + ".txt";
        var seconds = options.Value.SpeechTimeoutSeconds;
        try
        {
            await File.WriteAllTextAsync(text, narration.Text, ct);
            var result = await ChildProcess.RunAsync(new ChildStart(options.Value.EspeakPath,
                ["-v", EspeakVoices.For(narration), "-s", narration.Rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-w", temp, "-f", text])
            {
                Timeout = TimeSpan.FromSeconds(seconds),
            }, ct);
            if (result.End == ChildEnd.TimedOut)
            {
                throw new InvalidOperationException($"espeak-ng took longer than {seconds} s and was stopped.");
            }
            if (!result.Succeeded || !File.Exists(temp))
            {
                throw new InvalidOperationException($"espeak-ng failed ({result.ExitCode}): {result.ErrorTail.Trim()}");
            }
            var spoken = WavSeconds(await File.ReadAllBytesAsync(temp, ct));
            File.Move(temp, wavPath, overwrite: true);
            return new Pipeline.Speech(spoken, Apportion(narration.Text, spoken));
        }
        finally
        {
            File.Delete(text);
            File.Delete(temp);
        }
    }

    /// <summary>Length of a PCM WAV from its header: the data chunk's size over the byte rate.</summary>
    internal static double WavSeconds(ReadOnlySpan<byte> wav)
    {
        int byteRate = 0, offset = 12;
        while (offset + 8 <= wav.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(wav.Slice(offset, 4));
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav.Slice(offset + 4, 4));
            if (id == "fmt ")
            {
                byteRate = BinaryPrimitives.ReadInt32LittleEndian(wav.Slice(offset + 16, 4));
            }
            else if (id == "data")
            {
                // espeak-ng writing to a file it cannot seek may leave the size unset: use what is there.
                var bytes = size <= 0 || offset + 8 + size > wav.Length ? wav.Length - offset - 8 : size;
                return byteRate > 0 ? (double)bytes / byteRate : 0;
            }
            offset += 8 + size + (size & 1);
        }
        throw new InvalidDataException("Not a PCM WAV file.");
    }

    internal static IReadOnlyList<SpokenWord> Apportion(string text, double seconds)
    {
        var words = text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var weights = words.Select(w => w.Count(char.IsLetterOrDigit) + 1.5 + (w[^1] is '.' or '!' or '?' ? 4 : w[^1] is ',' or ';' or ':' ? 2 : 0)).ToArray();
        var total = weights.Sum();
        var spoken = new List<SpokenWord>(words.Length);
        var at = 0.0;
        for (var i = 0; i < words.Length; i++)
        {
            var length = seconds * weights[i] / total;
            spoken.Add(new SpokenWord(words[i], at, at + length));
            at += length;
        }
        return spoken;
    }
}
