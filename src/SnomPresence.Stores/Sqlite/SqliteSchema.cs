using Microsoft.Data.Sqlite;

namespace SnomPresence.Stores.Sqlite;

/// <summary>
/// The schema as an append-only list of migrations; <c>PRAGMA user_version</c> records how many ran. Never edit
/// a migration that has shipped: add the next one.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE extensions (
            ext         TEXT    NOT NULL PRIMARY KEY,
            status      TEXT    NOT NULL,
            since       INTEGER NOT NULL,
            source      TEXT    NOT NULL,
            expires_at  INTEGER NULL,
            version     INTEGER NOT NULL,
            forwarding  TEXT    NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX extensions_expiry ON extensions (expires_at) WHERE expires_at IS NOT NULL;
        CREATE TABLE history (
            ext         TEXT    NOT NULL,
            version     INTEGER NOT NULL,
            at          INTEGER NOT NULL,
            kind        TEXT    NOT NULL,
            status      TEXT    NOT NULL,
            expires_at  INTEGER NULL,
            source      TEXT    NOT NULL,
            origin      TEXT    NULL,
            PRIMARY KEY (ext, version)
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE pbx_outbox (
            ext         TEXT    NOT NULL PRIMARY KEY,
            version     INTEGER NOT NULL,
            changes     INTEGER NOT NULL,
            queued_at   INTEGER NOT NULL,
            attempts    INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE INDEX pbx_outbox_queued ON pbx_outbox (queued_at);
        """,
        """
        ALTER TABLE extensions ADD COLUMN queue INTEGER NOT NULL DEFAULT 0;
        """,
        """
        CREATE TABLE phones (
            id          TEXT    NOT NULL PRIMARY KEY,
            ext         TEXT    NOT NULL,
            mac         TEXT    NULL,
            address     TEXT    NOT NULL,
            seen_at     INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX phones_ext ON phones (ext);
        """,
        """
        ALTER TABLE extensions ADD COLUMN language TEXT NULL;
        """,
        """
        CREATE TABLE inventory (
            mac                  TEXT    NOT NULL PRIMARY KEY,
            model                TEXT    NOT NULL,
            extensions           TEXT    NOT NULL,
            display_name         TEXT    NULL,
            language             TEXT    NULL,
            web_user             TEXT    NULL,
            web_password         TEXT    NULL,
            token                TEXT    NOT NULL,
            previous_token       TEXT    NULL,
            previous_valid_until INTEGER NULL,
            updated_at           INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,
        // Phones installed before per-phone provisioning logins get seven days from the upgrade to fetch theirs.
        """
        ALTER TABLE inventory ADD COLUMN enrollment_until INTEGER NULL;
        UPDATE inventory SET enrollment_until = (CAST(strftime('%s', 'now') AS INTEGER) + 604800) * 1000;
        CREATE TABLE admin_sessions (
            id          TEXT    NOT NULL PRIMARY KEY,
            expires_at  INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX history_at ON history (at);
        """,
        """
        ALTER TABLE extensions ADD COLUMN name TEXT NULL;
        ALTER TABLE extensions ADD COLUMN name_source TEXT NULL;
        ALTER TABLE pbx_outbox ADD COLUMN slots INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE pbx_outbox ADD COLUMN parked_reason TEXT NULL;
        ALTER TABLE pbx_outbox ADD COLUMN parked_at INTEGER NULL;
        """,
        """
        CREATE TABLE colleague_groups (
            id          TEXT    NOT NULL PRIMARY KEY,
            name        TEXT    NOT NULL,
            source      TEXT    NOT NULL,
            members     TEXT    NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE favourites (
            ext         TEXT    NOT NULL PRIMARY KEY,
            favourites  TEXT    NOT NULL
        ) WITHOUT ROWID;
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    /// <param name="upTo">Stop at this version instead of the latest: an older release's database, for tests.</param>
    public static int Migrate(SqliteConnection connection, int? upTo = null)
    {
        var version = CurrentVersion(connection);
        if (version > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"The database has schema version {version}, newer than this SnomPresence knows ({Migrations.Length}); run the newer release.");
        }

        for (; version < (upTo ?? Migrations.Length); version++)
        {
            using var transaction = connection.BeginTransaction();
            SqliteDatabase.Execute(connection, Migrations[version], transaction);
            SqliteDatabase.Execute(connection, $"PRAGMA user_version = {version + 1};", transaction);
            transaction.Commit();
        }

        return version;
    }

    public static int CurrentVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
