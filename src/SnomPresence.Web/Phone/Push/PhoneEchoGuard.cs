using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SnomPresence.Web.Phone.Push;

/// <summary>
/// Remembers the DND modes each phone was just told to take. A phone may answer a remote DND change by firing its
/// DND action URL; that echo must not count as a key press, or pushing "off" for Abwesend would turn it into
/// Verfügbar. Per phone two pushes matter: the one on its way (pushes to one phone go one after another) and the
/// last one it took. A user's press can overtake the push on its way (typically the boot push, while the user
/// already presses DND); that push still lands and is echoed, so its expectation outlives the press.
/// </summary>
internal sealed class PhoneEchoGuard(IOptions<PhonesOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PhoneEchoes> _phones = new();

    /// <summary>A push of <paramref name="dnd"/> is about to go out: its echo may come from now on, even before it is answered.</summary>
    public EchoExpectation Expect(string phoneId, bool dnd)
    {
        var expectation = new EchoExpectation(phoneId, dnd) { Until = time.GetUtcNow() + options.Value.EchoWindow };
        Change(phoneId, create: true, echoes => echoes.OnTheWay = expectation);
        return expectation;
    }

    /// <summary>The phone took the push: unless it echoed already, its echo comes within the window from now.</summary>
    public void Landed(EchoExpectation expectation) => Change(expectation.PhoneId, create: false, echoes =>
    {
        if (!ReferenceEquals(echoes.OnTheWay, expectation))
        {
            return;
        }

        echoes.OnTheWay = null;
        // The phone has applied this push, so the one it took before is over: echoed, or never to be.
        echoes.Taken = expectation.Echoed ? null : expectation;
        expectation.Until = time.GetUtcNow() + options.Value.EchoWindow;
    });

    /// <summary>The push never reached the phone: no echo comes, and expecting one would swallow the user's next real press of that mode.</summary>
    public void Forget(EchoExpectation expectation) => Change(expectation.PhoneId, create: false, echoes =>
    {
        if (ReferenceEquals(echoes.OnTheWay, expectation))
        {
            echoes.OnTheWay = null;
        }
    });

    /// <summary>
    /// True (once) when this action URL is the echo of a push to <paramref name="phoneId"/>: of the one on its way
    /// (the phone may echo before it answers) or of the last one it took. A report of the other mode than the last
    /// push taken ends that expectation: the phone has moved on, so a later report of the pushed mode is its user's
    /// press (phones that do not echo remote changes would otherwise have that press swallowed). The push on its way
    /// stays expected: the press overtook it, and the phone will echo it when it lands.
    /// </summary>
    public bool TryConsume(string phoneId, bool dnd)
    {
        var consumed = false;
        Change(phoneId, create: false, echoes =>
        {
            if (echoes.OnTheWay is { Echoed: false } onTheWay && onTheWay.Dnd == dnd)
            {
                onTheWay.Echoed = true;
                consumed = true;
            }
            else if (echoes.Taken is { } taken)
            {
                echoes.Taken = null;
                consumed = taken.Dnd == dnd;
            }
        });
        return consumed;
    }

    private void Change(string phoneId, bool create, Action<PhoneEchoes> change)
    {
        while (true)
        {
            var echoes = create ? _phones.GetOrAdd(phoneId, _ => new PhoneEchoes()) : _phones.GetValueOrDefault(phoneId);
            if (echoes is null)
            {
                return;
            }

            lock (echoes)
            {
                // Emptied and dropped meanwhile: no longer the phone's.
                if (!_phones.TryGetValue(phoneId, out var current) || !ReferenceEquals(current, echoes))
                {
                    continue;
                }

                var now = time.GetUtcNow();
                if (echoes.OnTheWay?.Until < now)
                {
                    echoes.OnTheWay = null;
                }

                if (echoes.Taken?.Until < now)
                {
                    echoes.Taken = null;
                }

                change(echoes);
                if (echoes.OnTheWay is null && echoes.Taken is null)
                {
                    _phones.TryRemove(new KeyValuePair<string, PhoneEchoes>(phoneId, echoes));
                }

                return;
            }
        }
    }

    private sealed class PhoneEchoes
    {
        public EchoExpectation? OnTheWay { get; set; }

        public EchoExpectation? Taken { get; set; }
    }
}

/// <summary>One push's awaited echo; changed only under its phone's lock.</summary>
internal sealed class EchoExpectation(string phoneId, bool dnd)
{
    public string PhoneId { get; } = phoneId;

    public bool Dnd { get; } = dnd;

    public DateTimeOffset Until { get; set; }

    /// <summary>The phone echoed it before its push was answered.</summary>
    public bool Echoed { get; set; }
}
