using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Stores.Postgres;
using SnomPresence.Stores.Redis;
using SnomPresence.Stores.Sqlite;

namespace SnomPresence.Stores;

/// <summary>
/// One provider's implementation of every store port, its schema migration, and, for stores shared by several
/// instances, how it hears what the others stored.
/// </summary>
/// <param name="ListenAsync">Runs until cancelled, handing every notice of another instance to the applier; null for a store only this process uses.</param>
/// <param name="ImportAsync">Writes a snapshot of another store into this (empty) one, history and all; null where copying in is not offered.</param>
/// <param name="KeyRing">Where the admin pages' data-protection keys live: a folder beside the SQLite file, or the shared store, so every instance reads the same cookies.</param>
/// <param name="Owned">The connection (file, data source, multiplexer) the ports share, closed with the backend.</param>
internal sealed record StoreBackend(
    IPresenceStore Presence,
    IPbxOutbox Outbox,
    IPhoneDirectory Phones,
    IPhoneInventory Inventory,
    IColleagueStore Colleagues,
    IWorkLease Leases,
    IAdminSessionStore AdminSessions,
    Func<CancellationToken, Task> MigrateAsync,
    Func<StoreNoticeApplier, CancellationToken, Task>? ListenAsync,
    Func<StoreSnapshot, IProgress<int>?, CancellationToken, Task>? ImportAsync,
    IXmlRepository KeyRing,
    IDisposable Owned) : IDisposable
{
    public void Dispose() => Owned.Dispose();
}

public static class StoreRegistration
{
    /// <summary>Registers the store chosen by <c>Store:Provider</c>, its change feed, its start-up migration and its cross-instance notices.</summary>
    public static IHostApplicationBuilder AddPresenceStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptionsWithValidateOnStart<StoreOptions, StoreOptionsValidator>()
            .BindConfiguration(StoreOptions.SectionName);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<PresenceChangeBroadcaster>();
        builder.Services.TryAddSingleton<IPresenceChangeFeed>(sp => sp.GetRequiredService<PresenceChangeBroadcaster>());
        builder.Services.TryAddSingleton<StoreInstance>();

        // The provider is chosen when first resolved, after the options were validated.
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.Provider switch
        {
            StoreProvider.Postgres => PostgresBackend.Create(sp),
            StoreProvider.Redis => RedisBackend.Create(sp),
            _ => SqliteBackend.Create(sp),
        });
        builder.Services.TryAddSingleton(sp => new CachingPresenceStore(sp.GetRequiredService<StoreBackend>().Presence, sp.GetRequiredService<PresenceChangeBroadcaster>()));
        builder.Services.TryAddSingleton<IPresenceStore>(sp => sp.GetRequiredService<CachingPresenceStore>());
        builder.Services.TryAddSingleton(sp => new CachingPhoneInventory(sp.GetRequiredService<StoreBackend>().Inventory));
        builder.Services.TryAddSingleton<IPhoneInventory>(sp => sp.GetRequiredService<CachingPhoneInventory>());
        builder.Services.TryAddSingleton(sp => new CachingColleagueStore(sp.GetRequiredService<StoreBackend>().Colleagues));
        builder.Services.TryAddSingleton<IColleagueStore>(sp => sp.GetRequiredService<CachingColleagueStore>());
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<StoreBackend>().Outbox);
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<StoreBackend>().Phones);
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<StoreBackend>().Leases);
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<StoreBackend>().AdminSessions);
        builder.Services.TryAddSingleton<StoreNoticeApplier>();
        builder.Services.AddDataProtection().SetApplicationName("SnomPresence");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceProvider>((options, sp) => options.XmlRepository = sp.GetRequiredService<StoreBackend>().KeyRing);
        builder.Services.TryAddSingleton<StoreMigrator>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StoreMigrator>());
        builder.Services.AddHostedService<StoreNoticeListener>();
        return builder;
    }

    /// <summary>Creates or migrates the schema now, for commands that use the store without starting the host.</summary>
    public static Task MigrateStoreAsync(this IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<StoreMigrator>().StartAsync(cancellationToken);
}

/// <summary>Creates or migrates the schema before the server accepts requests.</summary>
internal sealed class StoreMigrator(StoreBackend backend) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => backend.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Hears what other instances sharing the store changed, and keeps this instance's caches and feed in step.</summary>
internal sealed class StoreNoticeListener(StoreBackend backend, StoreNoticeApplier applier, ILogger<StoreNoticeListener> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (backend.ListenAsync is not { } listen)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await listen(applier, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.ListenFailed(logger, ex);
            }

            // Notices sent while not listening are lost: nothing cached may be trusted.
            applier.ForgetEverything();
            await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(false);
        }
    }
}

internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Listening for other instances' changes failed; caches cleared, listening again")]
    public static partial void ListenFailed(ILogger logger, Exception exception);
}
