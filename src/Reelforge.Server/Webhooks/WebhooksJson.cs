using System.Text.Json.Serialization;

namespace Reelforge.Server.Webhooks;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(WebhookEndpointView))]
[JsonSerializable(typeof(WebhookEndpointList))]
[JsonSerializable(typeof(WebhookEndpointDeleted))]
[JsonSerializable(typeof(SigningSecretView))]
[JsonSerializable(typeof(DeliveryList))]
public sealed partial class WebhooksJson : JsonSerializerContext
{
    /// <summary>Without HTML-safe escaping, as <see cref="Api.ServerJson.Wire"/>.</summary>
    public static WebhooksJson Wire { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
