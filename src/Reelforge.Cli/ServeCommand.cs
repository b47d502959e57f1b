using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Reelforge.Server.Hosting;

namespace Reelforge.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen.",
            DefaultValueFactory = _ => "http://127.0.0.1:8080",
        };
        var data = CommonOptions.Data();
        var command = new Command("serve", "Run the HTTP API and workers in one process.") { urls, data };
        command.SetAction(async (parse, ct) =>
        {
            var address = parse.GetValue(urls)!;
            var builder = ReelforgeServer.CreateBuilder(CommonOptions.HostArgs(parse.GetValue(data), $"--urls={address}"), CommonOptions.ContentRoot);
            WebApplication app;
            try
            {
                app = await ReelforgeServer.BuildAsync(builder, ct);
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync("reelforge: " + ex.Message);
                return 2;
            }
            await app.StartAsync(ct);
            var key = app.Configuration["Auth:DevelopmentKey"];
            Console.WriteLine($$"""
                Reelforge is listening on {{address}} (data in {{EngineRegistration.DataDirectory(app.Configuration)}}).
                Try it:
                  curl -s {{address}}/v1/videos -H 'Authorization: Bearer {{(string.IsNullOrEmpty(key) ? "<your key>" : key)}}' \
                    -H 'Content-Type: application/json' -d '{"prompt":"Hello from Reelforge. Rendered on a CPU.","seconds":4,"size":"1280x720"}'
                OpenAI SDKs: baseURL = {{address}}/v1
                Dashboard: {{DashboardUrl(address)}} (sign in with an API key)
                """);
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }

    /// <summary>Where a browser on this machine finds the dashboard: the first address, a wildcard host read as localhost.</summary>
    internal static string DashboardUrl(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var uri = new UriBuilder(first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost";
        }
        uri.Path = "/app/";
        return uri.Uri.ToString();
    }
}
