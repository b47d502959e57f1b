using System.Text.Json.Serialization;

namespace Reelforge.Server.Webhooks;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(WebhookEndpointView))]
[JsonSerializable(typeof(Api.CursorList<WebhookEndpointView>))]
[JsonSerializable(typeof(WebhookEndpointDeleted))]
[JsonSerializable(typeof(SigningSecretView))]
[JsonSerializable(typeof(Api.CursorList<DeliveryView>))]
public sealed partial class WebhooksJson : JsonSerializerContext
{
    /// <summary>Without HTML-safe escaping, as <see cref="Api.ServerJson.Wire"/>.</summary>
    public static WebhooksJson Wire { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
