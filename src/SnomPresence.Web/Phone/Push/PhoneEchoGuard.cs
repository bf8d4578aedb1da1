using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SnomPresence.Web.Phone.Push;

/// <summary>
/// Remembers the DND mode each phone was just told to take. A phone may answer a remote DND change by firing its
/// DND action URL; that echo must not count as a key press, or pushing "off" for Abwesend would turn it into
/// Verfügbar.
/// </summary>
internal sealed class PhoneEchoGuard(IOptions<PhonesOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (bool Dnd, DateTimeOffset Until)> _expected = new();

    public void Expect(string phoneId, bool dnd) => _expected[phoneId] = (dnd, time.GetUtcNow() + options.Value.EchoWindow);

    /// <summary>Drops the expectation of <paramref name="dnd"/>, unless a later push expects something else by now.</summary>
    public void Forget(string phoneId, bool dnd) => TryRemove(phoneId, dnd, unexpiredOnly: false);

    /// <summary>
    /// True (once) when this action URL is the echo of a push to <paramref name="phoneId"/>. A report of the other
    /// mode ends the expectation: the phone has moved on, so a later report of the pushed mode is its user's press
    /// (phones that do not echo remote changes would otherwise have that press swallowed).
    /// </summary>
    public bool TryConsume(string phoneId, bool dnd)
    {
        if (TryRemove(phoneId, dnd, unexpiredOnly: true))
        {
            return true;
        }

        TryRemove(phoneId, !dnd, unexpiredOnly: false);
        return false;
    }

    private bool TryRemove(string phoneId, bool dnd, bool unexpiredOnly) =>
        _expected.TryGetValue(phoneId, out var expected)
        && expected.Dnd == dnd
        && (!unexpiredOnly || expected.Until >= time.GetUtcNow())
        && _expected.TryRemove(new KeyValuePair<string, (bool, DateTimeOffset)>(phoneId, expected));
}
