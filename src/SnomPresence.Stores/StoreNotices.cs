using SnomPresence.Presence;

namespace SnomPresence.Stores;

/// <summary>This process among the instances sharing a store: notices it sent itself are not applied twice.</summary>
internal sealed class StoreInstance
{
    public string Id { get; } = Guid.NewGuid().ToString("N")[..16];
}

/// <summary>
/// What one instance tells the others after it stored something: an extension reached a version, or a phone of the
/// inventory changed, or groups or favourites changed. Text, so PostgreSQL NOTIFY and Redis pub/sub carry it alike:
/// <c>p|instance|ext|version</c>, <c>i|instance|mac</c> or <c>c|instance</c>.
/// </summary>
internal sealed record StoreNotice(string Instance, Extension? Extension, long Version, MacAddress? Phone, bool Colleagues = false)
{
    public const string Channel = "snompresence_changes";

    public static string Presence(string instance, Extension extension, long version) => $"p|{instance}|{extension}|{version}";

    public static string Inventory(string instance, MacAddress mac) => $"i|{instance}|{mac}";

    public static string ColleaguesChanged(string instance) => $"c|{instance}";

    public static StoreNotice? Parse(string? text)
    {
        var parts = text?.Split('|');
        return parts switch
        {
            ["p", var instance, var ext, var version] when SnomPresence.Presence.Extension.TryParse(ext, out var extension) && long.TryParse(version, out var v)
                => new StoreNotice(instance, extension, v, null),
            ["i", var instance, var mac] when MacAddress.TryParse(mac, out var phone) => new StoreNotice(instance, null, 0, phone),
            ["c", var instance] => new StoreNotice(instance, null, 0, null, Colleagues: true),
            _ => null,
        };
    }
}

/// <summary>
/// Applies what other instances announce: the extension is read afresh into this instance's cache and the change
/// goes out on the local feed (marked as from another instance); a phone is dropped from the inventory cache; groups
/// and favourites are read afresh. When
/// notices may have been missed (the connection to the store dropped), everything cached is forgotten instead.
/// </summary>
internal sealed class StoreNoticeApplier(
    StoreInstance instance, CachingPresenceStore presence, CachingPhoneInventory inventory, CachingColleagueStore colleagues, PresenceChangeBroadcaster feed)
{
    public async Task ApplyAsync(string? text, CancellationToken cancellationToken)
    {
        if (StoreNotice.Parse(text) is not { } notice || notice.Instance == instance.Id)
        {
            return;
        }

        if (notice.Colleagues)
        {
            colleagues.Clear();
            return;
        }

        if (notice.Phone is { } mac)
        {
            inventory.Forget(mac);
            return;
        }

        var extension = notice.Extension!.Value;
        var (previous, current) = await presence.RefreshAsync(extension, cancellationToken).ConfigureAwait(false);
        if (current is null || current.Version < notice.Version || current.Version <= (previous?.Version ?? 0))
        {
            return;
        }

        var entries = await presence.GetHistoryAsync(extension, 1, cancellationToken).ConfigureAwait(false);
        if (entries.Count == 1 && entries[0].Version == current.Version)
        {
            feed.Publish(new PresenceChanged(previous, current, entries[0], FromOtherInstance: true));
        }
    }

    /// <summary>After notices may have been lost: nothing cached is trusted any more.</summary>
    public void ForgetEverything()
    {
        presence.Clear();
        inventory.Clear();
        colleagues.Clear();
    }
}
