using Reelforge.Accounts;

namespace Reelforge.Storage.Tests;

/// <summary>The <see cref="IAccountStore"/> conformance suite.</summary>
public abstract class AccountStoreTests : StoreTest
{
    [Fact]
    public async Task EnsureAccount_CreatesOnce_AndFindsItByIdOrName()
    {
        var first = await Accounts.EnsureAccountAsync("acme", Ct);
        var again = await Accounts.EnsureAccountAsync("acme", Ct);

        Assert.Equal(first, again);
        Assert.StartsWith("acct_", first.Id, StringComparison.Ordinal);
        Assert.Null(first.Credits);
        Assert.Equal(first, await Accounts.GetAccountAsync(first.Id, Ct));
        Assert.Equal(first, await Accounts.GetAccountAsync("acme", Ct));
        Assert.Null(await Accounts.GetAccountAsync("nobody", Ct));
        Assert.Equal(["acme"], (await Accounts.ListAccountsAsync(Ct)).Select(a => a.Name));
    }

    [Fact]
    public async Task Credits_AreSet_Added_AndMadeUnlimited()
    {
        var account = await Accounts.EnsureAccountAsync("acme", Ct);

        Assert.Equal(12.5m, (await Accounts.SetCreditsAsync(account.Id, 12.5m, add: false, Ct))!.Credits);
        Assert.Equal(15.001m, (await Accounts.SetCreditsAsync(account.Id, 2.501m, add: true, Ct))!.Credits);
        Assert.Null((await Accounts.SetCreditsAsync(account.Id, null, add: false, Ct))!.Credits);
        Assert.Equal(3m, (await Accounts.SetCreditsAsync(account.Id, 3m, add: true, Ct))!.Credits);
    }

    [Fact]
    public async Task AKey_IsStoredByItsHash_OnceOnly_AndFoundUntilRevoked()
    {
        var account = await Accounts.EnsureAccountAsync("acme", Ct);
        var key = ApiKeys.Generate();

        var record = await Accounts.AddKeyAsync(account.Id, key, [Scopes.VideosRead, Scopes.VideosWrite], Ct);
        Assert.Equal(record.Id, (await Accounts.AddKeyAsync(account.Id, key, [Scopes.Admin], Ct)).Id);

        var found = await Accounts.FindKeyAsync(ApiKeys.Hash(key), Ct);
        Assert.Equal((record.Id, account.Id, ApiKeys.Display(key)), (found!.Id, found.AccountId, found.Display));
        Assert.Equal([Scopes.VideosRead, Scopes.VideosWrite], found.Scopes);
        Assert.Null(found.LastUsedAt);

        Clock.Advance(TimeSpan.FromMinutes(1));
        await Accounts.TouchKeyAsync(record.Id, Ct);
        Assert.Equal(Clock.GetUtcNow(), (await Accounts.FindKeyAsync(ApiKeys.Hash(key), Ct))!.LastUsedAt);

        Assert.Equal(ApiKeys.Hash(key), await Accounts.RevokeKeyAsync(record.Id, Ct));
        Assert.Null(await Accounts.RevokeKeyAsync(record.Id, Ct));
        Assert.Null(await Accounts.FindKeyAsync(ApiKeys.Hash(key), Ct));
        Assert.Equal(Clock.GetUtcNow(), Assert.Single(await Accounts.ListKeysAsync(account.Id, Ct)).RevokedAt);
    }

    [Fact]
    public async Task ListKeys_IsNewestFirst_ForOneAccountOrAll()
    {
        var acme = await Accounts.EnsureAccountAsync("acme", Ct);
        var other = await Accounts.EnsureAccountAsync("other", Ct);
        var older = await Accounts.AddKeyAsync(acme.Id, ApiKeys.Generate(), [Scopes.VideosRead], Ct);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var newer = await Accounts.AddKeyAsync(acme.Id, ApiKeys.Generate(), [Scopes.VideosRead], Ct);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var theirs = await Accounts.AddKeyAsync(other.Id, ApiKeys.Generate(), [Scopes.VideosRead], Ct);

        Assert.Equal([newer.Id, older.Id], (await Accounts.ListKeysAsync(acme.Id, Ct)).Select(k => k.Id));
        Assert.Equal([theirs.Id, newer.Id, older.Id], (await Accounts.ListKeysAsync(null, Ct)).Select(k => k.Id));
    }
}
