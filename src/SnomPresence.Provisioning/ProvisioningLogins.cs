using System.Security.Cryptography;
using System.Text;
using SnomPresence.Presence;

namespace SnomPresence.Provisioning;

/// <summary>
/// Each phone's own provisioning login: its MAC as user, and a password derived from a server secret and the MAC,
/// so nothing more needs storing and every instance with the same secret agrees. A phone's login fetches only its
/// own settings file.
/// </summary>
public sealed class ProvisioningLogins(string secret)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(secret);

    public static string User(MacAddress mac) => mac.Value;

    /// <summary>32 URL-safe characters (192 bits), as phones accept them in <c>http_client_pass</c> and in URLs.</summary>
    public string Password(MacAddress mac)
    {
        var derived = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("snompresence provisioning login " + mac.Value));
        return Convert.ToBase64String(derived, 0, 24).Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Compares in constant time whatever the length of <paramref name="password"/>.</summary>
    public bool Matches(MacAddress mac, string password) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(password)), SHA256.HashData(Encoding.UTF8.GetBytes(Password(mac))));

    public override string ToString() => "(secret hidden)";
}
