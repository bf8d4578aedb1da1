using System.Data;
using System.Data.Common;
using SnomPresence.Presence;

namespace SnomPresence.Stores;

/// <summary>
/// The rows SQLite and PostgreSQL share: the same tables and columns (times as unix milliseconds, ids as stable
/// strings), so one reader per row serves both.
/// </summary>
internal static class StoredRows
{
    public const string StateColumns = "ext, status, since, source, expires_at, version, forwarding, queue, language, name, name_source";
    public const string HistoryColumns = "version, at, kind, status, expires_at, source, origin";
    public const string OutboxColumns = "ext, version, changes, queued_at, attempts, slots, parked_reason, parked_at";
    public const string InventoryColumns =
        "mac, model, extensions, display_name, language, web_user, web_password, token, previous_token, previous_valid_until, updated_at, enrollment_until";

    /// <summary>
    /// Deletes at most @max history entries older than @before (unix ms); the index on <c>at</c> finds them. Parameters
    /// are written with @, which both SQLite and Npgsql read.
    /// </summary>
    public const string PruneHistoryByAge = """
        DELETE FROM history WHERE (ext, version) IN (SELECT ext, version FROM history WHERE at < @before LIMIT @max);
        """;

    /// <summary>Deletes at most @max history entries beyond the newest @keep of their extension.</summary>
    public const string PruneHistoryByCount = """
        DELETE FROM history WHERE (ext, version) IN (
            SELECT h.ext, h.version FROM history h
            JOIN (SELECT ext, max(version) AS newest FROM history GROUP BY ext HAVING count(*) > @keep) crowded ON crowded.ext = h.ext
            WHERE h.version <= crowded.newest - @keep
            LIMIT @max);
        """;

    public const string StartAdminSession = "INSERT INTO admin_sessions (id, expires_at) VALUES (@id, @expires);";
    public const string AdminSessionActive = "SELECT count(*) FROM admin_sessions WHERE id = @id AND expires_at > @now;";
    public const string EndAdminSession = "DELETE FROM admin_sessions WHERE id = @id;";
    public const string PruneAdminSessions = "DELETE FROM admin_sessions WHERE expires_at <= @now;";

    /// <summary>A row of <see cref="StateColumns"/>.</summary>
    public static PresenceState State(DbDataReader reader) => new(
        Extension.Parse(reader.GetString(0)),
        EnumIds.Parse<PresenceStatus>(reader.GetString(1)),
        Time(reader.GetInt64(2)),
        EnumIds.Parse<ChangeSource>(reader.GetString(3)),
        reader.IsDBNull(4) ? null : Time(reader.GetInt64(4)),
        reader.GetInt64(5),
        ForwardingDocument.Deserialize(reader.GetString(6)),
        reader.GetBoolean(7),
        reader.IsDBNull(8) ? null : EnumIds.Parse<Language>(reader.GetString(8)),
        reader.IsDBNull(9) ? null : new ExtensionName(reader.GetString(9), EnumIds.Parse<NameSource>(reader.GetString(10))));

    /// <summary>A row of <see cref="HistoryColumns"/> of <paramref name="extension"/>.</summary>
    public static PresenceHistoryEntry History(Extension extension, DbDataReader reader) => new(
        extension,
        reader.GetInt64(0),
        Time(reader.GetInt64(1)),
        EnumIds.Parse<ChangeKind>(reader.GetString(2)),
        EnumIds.Parse<PresenceStatus>(reader.GetString(3)),
        reader.IsDBNull(4) ? null : Time(reader.GetInt64(4)),
        EnumIds.Parse<ChangeSource>(reader.GetString(5)),
        reader.IsDBNull(6) ? null : reader.GetString(6));

    /// <summary>A row of <see cref="OutboxColumns"/>.</summary>
    public static PbxOutboxEntry Outbox(DbDataReader reader) => new(
        Extension.Parse(reader.GetString(0)),
        reader.GetInt64(1),
        (PbxChanges)reader.GetInt32(2),
        Time(reader.GetInt64(3)),
        reader.GetInt32(4),
        new ForwardingSlotSet(reader.GetInt64(5)),
        reader.IsDBNull(6) ? null : new PbxParking(reader.GetString(6), Time(reader.GetInt64(7))));

    /// <summary>A row of <see cref="InventoryColumns"/>.</summary>
    public static ProvisionedPhone Phone(DbDataReader reader) => new(
        MacAddress.Parse(reader.GetString(0)),
        PhoneModel.Parse(reader.GetString(1)),
        ExtensionList(reader.GetString(2)),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : EnumIds.Parse<Language>(reader.GetString(4)),
        reader.IsDBNull(5) ? null : new PhoneWebLogin(reader.GetString(5), reader.IsDBNull(6) ? string.Empty : reader.GetString(6)),
        new PhoneToken(reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : Time(reader.GetInt64(9))),
        Time(reader.GetInt64(10)),
        reader.IsDBNull(11) ? null : Time(reader.GetInt64(11)));

    /// <summary>Extensions as one column: numbers separated by spaces, in their order.</summary>
    public static string ExtensionList(IEnumerable<Extension> extensions) => string.Join(' ', extensions.Select(e => e.Value));

    public static Extension[] ExtensionList(string stored) => [.. stored.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Extension.Parse)];

    /// <summary>The columns of a group row, in the order <see cref="Group"/> reads them.</summary>
    public const string GroupColumns = "id, name, source, members";

    /// <summary>A row of <see cref="GroupColumns"/>.</summary>
    public static ColleagueGroup Group(DbDataReader reader) => new(
        GroupId.Parse(reader.GetString(0)), reader.GetString(1), ExtensionList(reader.GetString(3)), EnumIds.Parse<GroupSource>(reader.GetString(2)));

    /// <summary>
    /// Binds a state's columns as the statements of <see cref="StateColumns"/> name them (<c>ext</c>, <c>status</c>, …,
    /// and <c>expected</c>, the version it must replace), for SQLite (<paramref name="prefix"/> <c>$</c>) and
    /// PostgreSQL (none) alike.
    /// </summary>
    public static void BindState(DbCommand command, string prefix, PresenceState state, long expected)
    {
        var (name, nameSource) = Name(state.Name);
        Bind(command, prefix + "ext", DbType.String, state.Extension.Value);
        Bind(command, prefix + "status", DbType.String, EnumIds.Id(state.Status));
        Bind(command, prefix + "since", DbType.Int64, state.Since.ToUnixTimeMilliseconds());
        Bind(command, prefix + "source", DbType.String, EnumIds.Id(state.Source));
        Bind(command, prefix + "expires", DbType.Int64, state.ExpiresAt?.ToUnixTimeMilliseconds());
        Bind(command, prefix + "version", DbType.Int64, state.Version);
        Bind(command, prefix + "forwarding", DbType.String, ForwardingDocument.Serialize(state.Forwarding));
        Bind(command, prefix + "queue", DbType.Boolean, state.QueueLoggedIn);
        Bind(command, prefix + "language", DbType.String, state.Language is { } language ? EnumIds.Id(language) : null);
        Bind(command, prefix + "name", DbType.String, name);
        Bind(command, prefix + "nameSource", DbType.String, nameSource);
        Bind(command, prefix + "expected", DbType.Int64, expected);
    }

    /// <summary>The statement that adds a history entry, with <paramref name="prefix"/> before each parameter.</summary>
    public static string InsertHistory(string prefix) =>
        $"INSERT INTO history ({HistoryInsertColumns}) VALUES ({string.Join(", ", HistoryParameters.Select(p => prefix + p))});";

    /// <summary>Binds the parameters of <see cref="InsertHistory"/>.</summary>
    public static void BindHistory(DbCommand command, string prefix, PresenceHistoryEntry entry)
    {
        Bind(command, prefix + "ext", DbType.String, entry.Extension.Value);
        Bind(command, prefix + "version", DbType.Int64, entry.Version);
        Bind(command, prefix + "at", DbType.Int64, entry.At.ToUnixTimeMilliseconds());
        Bind(command, prefix + "kind", DbType.String, EnumIds.Id(entry.Kind));
        Bind(command, prefix + "status", DbType.String, EnumIds.Id(entry.Status));
        Bind(command, prefix + "expires", DbType.Int64, entry.ExpiresAt?.ToUnixTimeMilliseconds());
        Bind(command, prefix + "source", DbType.String, EnumIds.Id(entry.Source));
        Bind(command, prefix + "origin", DbType.String, entry.Origin);
    }

    private const string HistoryInsertColumns = "ext, version, at, kind, status, expires_at, source, origin";

    private static readonly string[] HistoryParameters = ["ext", "version", "at", "kind", "status", "expires", "source", "origin"];

    private static void Bind(DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        // Typed, so a null still tells PostgreSQL its type.
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>The parameter values of an extension's name: text and source, or two nulls.</summary>
    public static (object Text, object Source) Name(ExtensionName? name) =>
        name is null ? (DBNull.Value, DBNull.Value) : (name.Text, EnumIds.Id(name.Source));

    private static DateTimeOffset Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);
}
