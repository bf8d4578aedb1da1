using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Stores.Sqlite;

namespace SnomPresence.Stores;

public static class StoreRegistration
{
    /// <summary>Registers the store chosen by <c>Store:Provider</c>, its change feed and its start-up migration.</summary>
    public static IHostApplicationBuilder AddPresenceStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptionsWithValidateOnStart<StoreOptions, StoreOptionsValidator>()
            .BindConfiguration(StoreOptions.SectionName);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<PresenceChangeBroadcaster>();
        builder.Services.TryAddSingleton<IPresenceChangeFeed>(sp => sp.GetRequiredService<PresenceChangeBroadcaster>());

        builder.Services.TryAddSingleton(sp => SqliteDatabase.Create(
            sp.GetRequiredService<IOptions<StoreOptions>>().Value.Sqlite,
            sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        builder.Services.TryAddSingleton<SqlitePresenceStore>();
        builder.Services.TryAddSingleton<IPresenceStore>(sp => new CachingPresenceStore(sp.GetRequiredService<SqlitePresenceStore>()));
        builder.Services.TryAddSingleton<IPbxOutbox, SqlitePbxOutbox>();
        builder.Services.TryAddSingleton<IPhoneDirectory, SqlitePhoneDirectory>();
        builder.Services.TryAddSingleton<SqlitePhoneInventory>();
        builder.Services.TryAddSingleton<IPhoneInventory>(sp => new CachingPhoneInventory(sp.GetRequiredService<SqlitePhoneInventory>()));
        builder.Services.TryAddSingleton<StoreMigrator>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StoreMigrator>());
        return builder;
    }

    /// <summary>Creates or migrates the schema now, for commands that use the store without starting the host.</summary>
    public static Task MigrateStoreAsync(this IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<StoreMigrator>().StartAsync(cancellationToken);
}

/// <summary>Creates or migrates the schema before the server accepts requests.</summary>
internal sealed class StoreMigrator(SqliteDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
