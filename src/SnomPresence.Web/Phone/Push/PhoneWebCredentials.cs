using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone.Push;

/// <summary>
/// The web login for each phone address: the phone's own from the inventory when it has one, else
/// <c>Phones:HttpUser</c>. The HTTP handler asks for it when the phone challenges, Basic or Digest alike.
/// </summary>
internal sealed class PhoneWebCredentials(IOptions<PhonesOptions> options) : ICredentials
{
    private readonly ConcurrentDictionary<string, NetworkCredential> _byAddress = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Uses <paramref name="login"/> for calls to <paramref name="address"/> from now on; null returns it to the default.</summary>
    public void Use(string address, PhoneWebLogin? login)
    {
        if (login is null)
        {
            _byAddress.TryRemove(address, out _);
        }
        else
        {
            _byAddress[address] = new NetworkCredential(login.User, login.Password);
        }
    }

    public NetworkCredential? GetCredential(Uri uri, string authType)
    {
        if (_byAddress.TryGetValue(uri.IsDefaultPort ? uri.Host : uri.Authority, out var own))
        {
            return own;
        }

        var fallback = options.Value;
        return string.IsNullOrEmpty(fallback.HttpUser) ? null : new NetworkCredential(fallback.HttpUser, fallback.HttpPassword);
    }
}
