using Npgsql;

namespace SnomPresence.Stores.Postgres;

/// <summary>
/// The schema as an append-only list of migrations; <c>schema_version</c> records how many ran. Instances starting
/// together take an advisory lock, so exactly one migrates and the others wait for it. Never edit a migration that
/// has shipped: add the next one.
/// </summary>
internal static class PostgresSchema
{
    // Any constant; it only has to be the same for every instance.
    private const long MigrationLock = 0x5350_5245_5345;

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE extensions (
            ext         text    NOT NULL PRIMARY KEY,
            status      text    NOT NULL,
            since       bigint  NOT NULL,
            source      text    NOT NULL,
            expires_at  bigint  NULL,
            version     bigint  NOT NULL,
            forwarding  text    NOT NULL,
            queue       boolean NOT NULL DEFAULT false,
            language    text    NULL
        );
        CREATE INDEX extensions_expiry ON extensions (expires_at) WHERE expires_at IS NOT NULL;
        CREATE TABLE history (
            ext         text    NOT NULL,
            version     bigint  NOT NULL,
            at          bigint  NOT NULL,
            kind        text    NOT NULL,
            status      text    NOT NULL,
            expires_at  bigint  NULL,
            source      text    NOT NULL,
            origin      text    NULL,
            PRIMARY KEY (ext, version)
        );
        CREATE TABLE pbx_outbox (
            ext         text    NOT NULL PRIMARY KEY,
            version     bigint  NOT NULL,
            changes     integer NOT NULL,
            queued_at   bigint  NOT NULL,
            attempts    integer NOT NULL DEFAULT 0
        );
        CREATE INDEX pbx_outbox_queued ON pbx_outbox (queued_at);
        CREATE TABLE phones (
            id          text    NOT NULL PRIMARY KEY,
            ext         text    NOT NULL,
            mac         text    NULL,
            address     text    NOT NULL,
            seen_at     bigint  NOT NULL
        );
        CREATE INDEX phones_ext ON phones (ext);
        CREATE TABLE inventory (
            mac                  text    NOT NULL PRIMARY KEY,
            model                text    NOT NULL,
            extensions           text    NOT NULL,
            display_name         text    NULL,
            language             text    NULL,
            web_user             text    NULL,
            web_password         text    NULL,
            token                text    NOT NULL,
            previous_token       text    NULL,
            previous_valid_until bigint  NULL,
            updated_at           bigint  NOT NULL
        );
        CREATE TABLE leases (
            name        text        NOT NULL PRIMARY KEY,
            owner       text        NOT NULL,
            until       timestamptz NOT NULL
        );
        """,
        """
        CREATE TABLE data_protection_keys (
            id          bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name        text    NOT NULL,
            xml         text    NOT NULL
        );
        """,
        // Phones installed before per-phone provisioning logins get seven days from the upgrade to fetch theirs.
        """
        ALTER TABLE inventory ADD COLUMN enrollment_until bigint NULL;
        UPDATE inventory SET enrollment_until = (extract(epoch FROM now()) * 1000)::bigint + 604800000;
        CREATE TABLE admin_sessions (
            id          text    NOT NULL PRIMARY KEY,
            expires_at  bigint  NOT NULL
        );
        CREATE INDEX history_at ON history (at);
        """,
        """
        ALTER TABLE extensions ADD COLUMN name text NULL, ADD COLUMN name_source text NULL;
        ALTER TABLE pbx_outbox ADD COLUMN slots bigint NOT NULL DEFAULT 0, ADD COLUMN parked_reason text NULL, ADD COLUMN parked_at bigint NULL;
        """,
        """
        CREATE TABLE colleague_groups (
            id          text    NOT NULL PRIMARY KEY,
            name        text    NOT NULL,
            source      text    NOT NULL,
            members     text    NOT NULL
        );
        CREATE TABLE favourites (
            ext         text    NOT NULL PRIMARY KEY,
            favourites  text    NOT NULL
        );
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock});", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL);", cancellationToken).ConfigureAwait(false);
            await using (var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version;", connection, transaction))
            {
                var version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                if (version > Migrations.Length)
                {
                    throw new InvalidOperationException(
                        $"The PostgreSQL database has schema version {version}, newer than this SnomPresence knows ({Migrations.Length}); run the newer release.");
                }

                for (; version < Migrations.Length; version++)
                {
                    await ExecuteAsync(connection, transaction, Migrations[version], cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({version + 1});", cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            // The connection string may hold a password: only the server's message goes on.
            throw new InvalidOperationException($"Store:Postgres:ConnectionString does not lead to a usable database: {ex.Message}", ex);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
