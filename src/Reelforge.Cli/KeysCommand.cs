using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Accounts;

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
        var credits = new Option<decimal?>("--credits") { Description = "Set the account's credit balance (without it, an account is unlimited)." };
        var create = new Command("create", "Create an API key; it is printed once, as the last line.") { data, account, scopes, credits };
        create.SetAction((parse, ct) => MigrateCommand.RefusingBadStorageAsync(async () =>
        {
            var requested = parse.GetValue(scopes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (requested.Except(Scopes.All, StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
            {
                await Console.Error.WriteLineAsync($"reelforge: unknown scope(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", Scopes.All)}.");
                return 2;
            }
            await using var storage = await MigrateCommand.OpenStorageAsync(parse.GetValue(data), ct);
            var accounts = storage.GetRequiredService<IAccountStore>();
            var owner = await accounts.EnsureAccountAsync(parse.GetValue(account)!, ct);
            if (parse.GetValue(credits) is { } balance)
            {
                owner = (await accounts.SetCreditsAsync(owner.Id, balance, add: false, ct))!;
            }
            var key = ApiKeys.Generate();
            var record = await accounts.AddKeyAsync(owner.Id, key, requested, ct);
            Console.WriteLine($"account {owner.Name} ({owner.Id}), credits {owner.Credits?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited"}, key {record.Id}, scopes {string.Join(',', record.Scopes)}");
            Console.WriteLine(key);
            return 0;
        }));

        var listData = CommonOptions.Data();
        var listAccount = new Option<string?>("--account") { Description = "Only this account's keys (name or id)." };
        var list = new Command("list", "List keys: id, account, shown prefix, scopes, created, last used, revoked.") { listData, listAccount };
        list.SetAction((parse, ct) => MigrateCommand.RefusingBadStorageAsync(async () =>
        {
            await using var storage = await MigrateCommand.OpenStorageAsync(parse.GetValue(listData), ct);
            var accounts = storage.GetRequiredService<IAccountStore>();
            string? accountId = null;
            if (parse.GetValue(listAccount) is { } name)
            {
                accountId = (await accounts.GetAccountAsync(name, ct))?.Id;
                if (accountId is null)
                {
                    await Console.Error.WriteLineAsync($"reelforge: no account '{name}'.");
                    return 2;
                }
            }
            var names = (await accounts.ListAccountsAsync(ct)).ToDictionary(a => a.Id, a => a.Name);
            foreach (var k in await accounts.ListKeysAsync(accountId, ct))
            {
                Console.WriteLine(string.Join('\t', k.Id, names.GetValueOrDefault(k.AccountId, k.AccountId), k.Display, string.Join(',', k.Scopes),
                    k.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                    k.LastUsedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never",
                    k.RevokedAt is { } r ? "revoked " + r.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "live"));
            }
            return 0;
        }));

        var revokeData = CommonOptions.Data();
        var keyId = new Argument<string>("key-id") { Description = "The key's id (key_…), as `keys list` shows it." };
        var revoke = new Command("revoke", "Revoke a key; servers stop accepting it within 30 seconds.") { revokeData, keyId };
        revoke.SetAction((parse, ct) => MigrateCommand.RefusingBadStorageAsync(async () =>
        {
            await using var storage = await MigrateCommand.OpenStorageAsync(parse.GetValue(revokeData), ct);
            var revoked = await storage.GetRequiredService<IAccountStore>().RevokeKeyAsync(parse.GetValue(keyId)!, ct);
            await (revoked is null ? Console.Error.WriteLineAsync("reelforge: no live key with that id.") : Console.Out.WriteLineAsync("revoked"));
            return revoked is null ? 2 : 0;
        }));
        return new Command("keys", "Manage API keys.") { create, list, revoke };
    }
}
