using System.Net;

namespace SnomPresence.Web.Security;

/// <summary>A list of networks parsed once at start-up; empty lets every address through.</summary>
internal sealed class NetworkList
{
    private readonly IPNetwork[] _networks;

    private NetworkList(IPNetwork[] networks) => _networks = networks;

    public static NetworkList Empty { get; } = new([]);

    public bool IsEmpty => _networks.Length == 0;

    public IReadOnlyList<IPNetwork> Networks => _networks;

    public bool Allows(IPAddress? address)
    {
        if (_networks.Length == 0)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses the entries of <paramref name="key"/>; a bad one fails start-up, named by its key and value.</summary>
    public static NetworkList Parse(IEnumerable<string>? entries, string key) =>
        TryParse(entries, key, out var list, out var error) ? list : throw new InvalidOperationException(error);

    /// <param name="error">Names the entry as <c>key:index</c>, as configuration and environment variables spell it.</param>
    public static bool TryParse(IEnumerable<string>? entries, string key, out NetworkList list, out string? error)
    {
        var networks = new List<IPNetwork>();
        var index = 0;
        foreach (var entry in entries ?? [])
        {
            if (!TryParseOne(entry?.Trim(), out var network, out var reason))
            {
                list = Empty;
                error = $"{key}:{index} '{entry}' is not a network: {reason}";
                return false;
            }

            networks.Add(network);
            index++;
        }

        list = networks.Count == 0 ? Empty : new NetworkList([.. networks]);
        error = null;
        return true;
    }

    private static bool TryParseOne(string? text, out IPNetwork network, out string reason)
    {
        network = default;
        if (string.IsNullOrEmpty(text))
        {
            reason = "the entry is empty";
            return false;
        }

        // A single address is a network of one.
        if (!text.Contains('/', StringComparison.Ordinal))
        {
            if (IPAddress.TryParse(text, out var single))
            {
                single = single.IsIPv4MappedToIPv6 ? single.MapToIPv4() : single;
                network = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
                reason = string.Empty;
                return true;
            }

            reason = "write an address or a network such as 192.168.10.0/24 or 2001:db8:10::/64";
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPNetwork.TryParse(text, out network) || !IPAddress.TryParse(text.AsSpan(0, slash), out var written))
        {
            reason = "write an address or a network such as 192.168.10.0/24 or 2001:db8:10::/64";
            return false;
        }

        if (network.BaseAddress.IsIPv4MappedToIPv6)
        {
            reason = "write IPv4 networks as IPv4 (a.b.c.d/n); IPv4 clients on IPv6 sockets are matched against them";
            return false;
        }

        // 10.1.2.3/24 is most likely a typo for a host or for 10.1.2.0/24; which one only the admin knows.
        if (!network.BaseAddress.Equals(written))
        {
            reason = $"the address has bits set beyond the prefix /{network.PrefixLength}; write the network's first address, {network.BaseAddress}";
            return false;
        }

        reason = string.Empty;
        return true;
    }
}
