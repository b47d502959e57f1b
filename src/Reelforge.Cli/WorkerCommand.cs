using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Reelforge.Server.Hosting;
using Reelforge.Server.Metrics;

namespace Reelforge.Cli;

internal static class WorkerCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var command = new Command("worker", "Run workers only, against the same database and storage as the API.") { data };
        command.SetAction(async (parse, ct) =>
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = CommonOptions.HostArgs(parse.GetValue(data)),
                ContentRootPath = CommonOptions.ContentRoot,
            });
            builder.Configuration.AddReelforgeSources(CommonOptions.HostArgs(parse.GetValue(data)));
            builder.Services.AddReelforgeEngine(builder.Configuration);
            // No HTTP here, except with `Metrics:Urls`: then a Kestrel listener serving only
            // `/metrics` (this process's renders, FFmpeg failures and webhooks; jobs by stage for all).
            builder.Services.AddReelforgeMetrics();
            using var host = builder.Build();
            try
            {
                await EngineRegistration.PrepareAsync(host.Services, host.Services.GetRequiredService<IConfiguration>(), ct);
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync("reelforge: " + ex.Message);
                return 2;
            }
            await host.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
