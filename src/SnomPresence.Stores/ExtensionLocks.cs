using SnomPresence.Presence;

namespace SnomPresence.Stores;

/// <summary>
/// Saves of one extension in this process, one at a time, so each extension's changes go out on the local feed in
/// version order; different extensions rarely share one of the stripes, so they hardly wait for each other.
/// </summary>
internal sealed class ExtensionLocks
{
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Waits for the extension's stripe; disposing the answer releases it.</summary>
    public async Task<Held> EnterAsync(Extension extension, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(extension.Value) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Held(stripe);
    }

    public readonly struct Held(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
