using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using SnomPresence.Presence;

namespace SnomPresence.Stores.Postgres;

/// <summary>PostgreSQL for several instances: one data source for every port, and LISTEN for the others' changes.</summary>
internal static class PostgresBackend
{
    // A silent connection is checked this often, so a LISTEN on a dead connection is noticed.
    private static readonly TimeSpan ListenCheck = TimeSpan.FromSeconds(15);

    public static StoreBackend Create(IServiceProvider services) => Create(
        NpgsqlDataSource.Create(services.GetRequiredService<IOptions<StoreOptions>>().Value.Postgres.ConnectionString!),
        services.GetRequiredService<PresenceChangeBroadcaster>(),
        services.GetRequiredService<StoreInstance>());

    public static StoreBackend Create(NpgsqlDataSource dataSource, PresenceChangeBroadcaster feed, StoreInstance instance) => new(
        new PostgresPresenceStore(dataSource, feed, instance),
        new PostgresPbxOutbox(dataSource),
        new PostgresPhoneDirectory(dataSource),
        new PostgresPhoneInventory(dataSource, instance),
        new PostgresColleagueStore(dataSource, instance),
        new PostgresWorkLease(dataSource, instance),
        new PostgresAdminSessions(dataSource),
        cancellationToken => PostgresSchema.MigrateAsync(dataSource, cancellationToken),
        (applier, cancellationToken) => ListenAsync(dataSource, applier, cancellationToken),
        (snapshot, progress, cancellationToken) => PostgresImport.ImportAsync(dataSource, snapshot, progress, cancellationToken),
        new PostgresKeyRing(dataSource),
        dataSource);

    /// <summary>LISTENs on one dedicated connection and applies each notice in the order PostgreSQL delivers them.</summary>
    public static async Task ListenAsync(NpgsqlDataSource dataSource, StoreNoticeApplier applier, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var received = new Queue<string>();
        connection.Notification += (_, e) => received.Enqueue(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {StoreNotice.Channel};", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Whatever was cached before LISTEN took effect may have missed a notice.
        applier.ForgetEverything();
        while (true)
        {
            if (!await connection.WaitAsync(ListenCheck, cancellationToken).ConfigureAwait(false))
            {
                await using var check = new NpgsqlCommand("SELECT 1;", connection);
                await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }

            while (received.TryDequeue(out var notice))
            {
                await applier.ApplyAsync(notice, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
