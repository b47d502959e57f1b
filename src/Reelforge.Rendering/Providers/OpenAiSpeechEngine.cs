using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Reelforge.Engine;
using Reelforge.Pipeline;
using Reelforge.Providers;
using Reelforge.Rendering.Ffmpeg;
using Reelforge.Rendering.Speech;
using Reelforge.Timelines;

namespace Reelforge.Rendering.Providers;

/// <summary>
/// Narration from an OpenAI-compatible `POST {BaseUrl}/audio/speech` (OpenAI, Kokoro-FastAPI,
/// openedai-speech, LocalAI). WAV is asked for; anything else that is audio is turned into WAV by
/// FFmpeg, and what is not audio is refused. That endpoint gives no word times, so they are shared
/// out over the measured length as for espeak-ng; with `Speech:WordTimings=captioned` the audio is
/// asked of Kokoro-FastAPI's `/dev/captioned_speech` instead, whose word times time the captions
/// (a server without it, a 404, falls back to `/audio/speech`). Each call's outcome and latency is
/// the speech's <see cref="Pipeline.Speech.Note"/>.
/// </summary>
public sealed class OpenAiSpeechEngine : ISpeechEngine, IDisposable
{
    private const long MaxAudioBytes = 50L << 20;
    private const string Provider = "speech";

    private readonly ProviderHttp _http;
    private readonly SpeechOptions _options;
    private readonly FfmpegRunner _ffmpeg;
    private readonly Ffprobe _ffprobe;

    public OpenAiSpeechEngine(IOptions<SpeechOptions> options, IOptions<ProviderCallOptions> calls, FfmpegRunner ffmpeg, Ffprobe ffprobe, TimeProvider time)
    {
        _options = options.Value;
        _ffmpeg = ffmpeg;
        _ffprobe = ffprobe;
        _http = new ProviderHttp(Provider, _options.BaseUrl, 120, calls.Value, time);
    }

    /// <summary>The voice: the narration's own, unless it is the timeline's espeak default (`en`), which a neural server would not know.</summary>
    public string VoiceFor(Narration narration) => narration.Voice is { Length: > 0 } v && v != Narration.DefaultVoice ? v : _options.Voice;

    public async Task<Pipeline.Speech> SpeakAsync(Narration narration, string wavPath, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["model"] = _options.Model,
            ["input"] = narration.Text,
            ["voice"] = VoiceFor(narration),
            ["response_format"] = "wav",
        };
        if (narration.Rate != 175)
        {
            body["speed"] = Math.Clamp(narration.Rate / 175.0, 0.25, 4.0);
        }
        var temp = wavPath + ".speech";
        var clock = Stopwatch.StartNew();
        try
        {
            JsonArray? timestamps = null;
            var fallback = "";
            if (_options.WordTimings == "captioned")
            {
                (var audio, timestamps, var status) = await CaptionedAsync(body, ct);
                if (audio is not null)
                {
                    await File.WriteAllBytesAsync(temp, audio, ct);
                }
                else
                {
                    fallback = $"; {_options.CaptionedPath} answered HTTP {status}, so /audio/speech was asked";
                }
            }
            if (!File.Exists(temp))
            {
                using var response = await SendAsync("audio/speech", body, ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw new JobFailedException("speech_failed", $"The speech provider answered HTTP {(int)response.StatusCode}.");
                }
                await File.WriteAllBytesAsync(temp, await ProviderHttp.ReadCappedAsync(response, MaxAudioBytes, ct), ct);
            }
            var seconds = await ToWavAsync(temp, wavPath, ct);
            var timed = ProviderWordTimes.From(timestamps, narration.Text, seconds);
            var said = string.Create(CultureInfo.InvariantCulture, $"{_options.Model} spoke {seconds:0.00} s in {clock.ElapsedMilliseconds} ms; ")
                + (timed is not null ? "word times from the provider" : "word times shared over the measured length") + fallback;
            return new Pipeline.Speech(seconds, timed ?? EspeakSpeechEngine.Apportion(narration.Text, seconds)) { Note = said };
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Kokoro-FastAPI's captioned speech, not streamed: `{"audio": base64, "audio_format", "timestamps": [...]}`.
    /// Null audio with the status when the server has no such endpoint (a 4xx), so plain speech is asked instead.
    /// </summary>
    private async Task<(byte[]? Audio, JsonArray? Timestamps, int Status)> CaptionedAsync(JsonObject speech, CancellationToken ct)
    {
        var body = speech.DeepClone().AsObject();
        body["stream"] = false;
        body["return_timestamps"] = true;
        using var response = await SendAsync(_options.CaptionedPath, body, ct);
        if (!response.IsSuccessStatusCode)
        {
            return (null, null, (int)response.StatusCode);
        }
        JsonObject? answer;
        try
        {
            answer = JsonNode.Parse(await ProviderHttp.ReadCappedAsync(response, MaxAudioBytes / 3 * 4 + 65536, ct)) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            answer = null;
        }
        var audio = answer?["audio"] is JsonValue value && value.TryGetValue<string>(out var base64) ? Base64(base64) : null;
        return audio is null
            ? throw new JobFailedException("invalid_speech", "The speech provider's captioned answer has no base64 `audio`.", retryable: false)
            : (audio, answer!["timestamps"] as JsonArray, 200);
    }

    private static byte[]? Base64(string text)
    {
        var bytes = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, bytes, out var written) ? bytes[..written] : null;
    }

    private async Task<HttpResponseMessage> SendAsync(string path, JsonObject body, CancellationToken ct)
    {
        try
        {
            return await _http.SendAsync(() => ProviderHttp.Bearer(
                new HttpRequestMessage(HttpMethod.Post, _http.Url(path)) { Content = JsonContent.Create(body) }, _options.ApiKey), ct);
        }
        catch (ProviderUnavailableException ex)
        {
            // The attempt fails and the job's retries take over.
            throw new JobFailedException("speech_unavailable", ex.Message, inner: ex);
        }
    }

    /// <summary>Checks the answer is audio and leaves a PCM WAV at <paramref name="wavPath"/>; returns its length.</summary>
    private async Task<double> ToWavAsync(string answer, string wavPath, CancellationToken ct)
    {
        MediaInfo info;
        try
        {
            info = await _ffprobe.ProbeAsync(answer, ct);
        }
        catch (FfmpegException ex)
        {
            throw new JobFailedException("invalid_speech", "The speech provider answered with something that is not audio.", retryable: false, ex);
        }
        if (!info.HasAudio)
        {
            throw new JobFailedException("invalid_speech", "The speech provider answered without an audio stream.", retryable: false);
        }
        var bytes = await File.ReadAllBytesAsync(answer, ct);
        if (bytes.AsSpan().StartsWith("RIFF"u8) && bytes.Length > 44)
        {
            File.Move(answer, wavPath, overwrite: true);
            return EspeakSpeechEngine.WavSeconds(bytes);
        }
        await _ffmpeg.RunAsync(["-i", answer, "-vn", "-ac", "1", "-c:a", "pcm_s16le", wavPath], info.DurationSeconds,
            Path.Combine(Path.GetDirectoryName(Path.GetFullPath(wavPath))!, "speech.log"), null, ct);
        return EspeakSpeechEngine.WavSeconds(await File.ReadAllBytesAsync(wavPath, ct));
    }

    public void Dispose() => _http.Dispose();
}
