using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelforge.Blobs;

namespace Reelforge.Storage.S3;

public static class S3BlobRegistration
{
    /// <summary>Blobs in an S3-compatible bucket (`Blobs:Provider` = `s3`), configured by `Blobs:S3`.</summary>
    public static IServiceCollection AddS3Blobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<S3BlobOptions>().Bind(configuration.GetSection(S3BlobOptions.Section))
            .Validate(o => o.Problem() is null, "Blobs:S3 is incomplete: Bucket is required, ServiceUrl must be an http(s) URL, "
                + "AccessKey and SecretKey go together, PartSizeMegabytes is 5 to 5120.")
            .ValidateOnStart();
        services.AddSingleton<IBlobStore>(sp => new S3BlobStore(CreateClient(sp.GetRequiredService<IOptions<S3BlobOptions>>().Value),
            sp.GetRequiredService<IOptions<S3BlobOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<S3BlobStore>>()));
        return services;
    }

    internal static AmazonS3Client CreateClient(S3BlobOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            // Checksums only where S3 requires them: the SDK's default (a trailing CRC on every
            // upload, in aws-chunked encoding) is refused by several S3-compatible services.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl.Length > 0)
        {
            config.ServiceURL = options.ServiceUrl;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }
        return options.AccessKey.Length > 0
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config)
            : new AmazonS3Client(config);
    }
}
