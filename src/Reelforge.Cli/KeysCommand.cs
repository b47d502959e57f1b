using System.CommandLine;
using Reelforge.Accounts;
using Reelforge.Engine;
using Reelforge.Storage.Sqlite;

namespace Reelforge.Cli;

internal static class KeysCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var account = new Option<string>("--account") { Description = "Account name; created if new.", Required = true };
        var scopes = new Option<string>("--scopes")
        {
            Description = $"Comma-separated scopes: {string.Join(", ", Scopes.All)}.",
            DefaultValueFactory = _ => $"{Scopes.VideosWrite},{Scopes.VideosRead},{Scopes.TemplatesRead}",
        };
        var create = new Command("create", "Create an API key; it is printed once, as the last line.") { data, account, scopes };
        create.SetAction(async (parse, ct) =>
        {
            var requested = parse.GetValue(scopes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (requested.Except(Scopes.All, StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
            {
                await Console.Error.WriteLineAsync($"reelforge: unknown scope(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", Scopes.All)}.");
                return 2;
            }
            var accounts = Open(parse.GetValue(data));
            var owner = await accounts.EnsureAccountAsync(parse.GetValue(account)!, ct);
            var key = ApiKeys.Generate();
            var record = await accounts.AddKeyAsync(owner.Id, key, requested, ct);
            Console.WriteLine($"account {owner.Name} ({owner.Id}), key {record.Id}, scopes {string.Join(',', record.Scopes)}");
            Console.WriteLine(key);
            return 0;
        });
        return new Command("keys", "Manage API keys.") { create };
    }

    private static SqliteAccountStore Open(string? data)
    {
        var paths = new DataPaths(data ?? Environment.GetEnvironmentVariable("REELFORGE_DATA") ?? "data");
        var db = new SqliteDatabase(paths.Database);
        db.Migrate();
        return new SqliteAccountStore(db, TimeProvider.System);
    }
}
