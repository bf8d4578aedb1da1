using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SnomPresence.Presence;
using SnomPresence.Stores;

namespace SnomPresence.Web.Tests.Security;

/// <summary>Callers without credentials cost no store reads and cannot grow what the service keeps in memory.</summary>
public sealed class UnauthenticatedLoadTests
{
    [Fact]
    public async Task TenThousandStatusPagesWithoutAToken_AreAll403_WithoutStoreReadsOrCacheGrowth()
    {
        var counted = new CountingReads();
        await using var app = new SnomPresenceApp { ConfigureServices = counted.Install }.WithProvisioning();
        var token = await app.AddPhoneAsync("000413A11FA7", "D785", "201");
        using var phone = app.CreatePhoneClient();
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync($"/snom/action/setup?ext=201&mac=000413A11FA7&token={token}")).StatusCode);
        var cache = app.Services.GetRequiredService<CachingPresenceStore>();
        var (presenceReads, inventoryReads, cached) = (counted.Presence, counted.Inventory, cache.Count);
        // The counters do see the service's reads: the phone's own boot made some.
        Assert.True(presenceReads > 0 && inventoryReads > 0, $"{presenceReads} presence and {inventoryReads} inventory reads counted");

        var random = new Random(4711);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10_000; i++)
        {
            // Half name a MAC, as a guesser would; none brings a token.
            var mac = i % 2 == 0 ? string.Empty : $"&mac=000413{random.Next(0, 0xFFFFFF):X6}";
            statuses.Add((await phone.GetAsync($"/snom/status?ext={random.Next(100, 99_999_999)}{mac}")).StatusCode);
        }

        Assert.Equal(10_000, statuses.Count(s => s == HttpStatusCode.Forbidden));
        Assert.Equal(presenceReads, counted.Presence);
        Assert.Equal(inventoryReads, counted.Inventory);
        Assert.Equal(cached, cache.Count);
    }

    [Fact]
    public async Task LabMode_UnknownExtensions_ReadTheStoreButAreNotCached()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        var cache = app.Services.GetRequiredService<CachingPresenceStore>();
        var cached = cache.Count;

        for (var i = 0; i < 1000; i++)
        {
            var response = await phone.GetAsync($"/snom/status?ext={300 + i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(cached, cache.Count);
    }

    /// <summary>Counts reads of the presence store and the inventory that reach them through the service's own ports.</summary>
    private sealed class CountingReads
    {
        private int _presence;
        private int _inventory;

        public int Presence => Volatile.Read(ref _presence);

        public int Inventory => Volatile.Read(ref _inventory);

        public void Install(IServiceCollection services)
        {
            services.AddSingleton<IPresenceStore>(sp => new CountingPresenceStore(sp.GetRequiredService<CachingPresenceStore>(), () => Interlocked.Increment(ref _presence)));
            services.AddSingleton<IPhoneInventory>(sp => new CountingInventory(sp.GetRequiredService<CachingPhoneInventory>(), () => Interlocked.Increment(ref _inventory)));
        }
    }

    private sealed class CountingPresenceStore(IPresenceStore inner, Action read) : DelegatingPresenceStore(inner)
    {
        public override Task<PresenceState?> GetAsync(Extension extension, CancellationToken cancellationToken)
        {
            read();
            return base.GetAsync(extension, cancellationToken);
        }
    }

    private sealed class CountingInventory(IPhoneInventory inner, Action read) : IPhoneInventory
    {
        public Task<ProvisionedPhone?> GetAsync(MacAddress mac, CancellationToken cancellationToken)
        {
            read();
            return inner.GetAsync(mac, cancellationToken);
        }

        public Task<IReadOnlyList<ProvisionedPhone>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public Task SaveAsync(IReadOnlyList<ProvisionedPhone> phones, CancellationToken cancellationToken) => inner.SaveAsync(phones, cancellationToken);

        public Task<bool> DeleteAsync(MacAddress mac, CancellationToken cancellationToken) => inner.DeleteAsync(mac, cancellationToken);
    }
}
