using System.Globalization;
using System.Text;
using SnomPresence.Presence;

namespace SnomPresence.PhoneSimulator;

/// <summary>
/// The phone's behaviour: it shows one page at a time, follows menu items, soft keys and <c>fetch</c> refreshes,
/// keeps its own DND mode and fires the DND action URLs when the DND key is pressed, and announces itself at boot
/// with the setup action URL, as a Snom phone provisioned by SnomPresence does. It plays one model
/// (<see cref="SimulatorOptions.Model"/>): LEDs are numbered as on that model, its minibrowser shows input pages
/// only where that model's firmware does, and typed input goes into the URL as typed, unencoded.
/// </summary>
internal sealed class SimulatedPhone(HttpClient http, SimulatorOptions options, TextWriter log) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Stack<string> _history = new();
    private CancellationTokenSource? _refresh;
    private int _inFlight;
    private long _lastActivity = Environment.TickCount64;

    public event Action? Changed;

    public PhoneScreen Screen { get; private set; } = PhoneScreen.Idle;

    public string? CurrentUrl { get; private set; }

    public bool Dnd { get; private set; }

    private readonly Dictionary<int, PhoneScreen.LedState> _leds = [];

    public SnomModelInfo Model { get; } = SnomModels.For(options.Model);

    /// <summary>The LED of the key that opens the presence pages, or null where the model's numbering is unknown.</summary>
    public int? StatusKeyLed => Model.LedOfKey(options.StatusKey);

    /// <summary>The state a page set for the Status key's LED, or null while the phone's own logic drives it.</summary>
    public PhoneScreen.LedState? Led => StatusKeyLed is { } led ? _leds.GetValueOrDefault(led) : null;

    /// <summary>LEDs pages took over from the phone's own logic, by number: anything but the Status key's is a page misbehaving.</summary>
    public IReadOnlyDictionary<int, PhoneScreen.LedState> Leds => _leds;

    public string Status { get; private set; } = string.Empty;

    public string BaseUrl => options.Service.TrimEnd('/');

    /// <summary>What identifies the phone on every request it starts itself, as its provisioned settings do.</summary>
    private string Access => options.Token is { } token ? $"&mac={options.Mac}&token={Uri.EscapeDataString(token)}" : $"&mac={options.Mac}";

    /// <summary>Boot: fire the setup action URL, then show the status screen as the idle screen.</summary>
    public async Task BootAsync(string? ownAddress, CancellationToken cancellationToken)
    {
        await FireAsync("setup", ownAddress is null ? null : $"&ip={ownAddress}", cancellationToken).ConfigureAwait(false);
        await OpenAsync(Link("/snom/status"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A key: DND, STATUS (the Status function key), F1–F4, a menu position 1–9, BACK, or OK/ENTER for the preselected item.</summary>
    public async Task PressAsync(string key, CancellationToken cancellationToken)
    {
        key = key.Trim().ToUpperInvariant();
        if (key == "DND")
        {
            await SetDndAsync(!Dnd, fromKey: true, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (key == "STATUS")
        {
            // The Status function key opens the presence pages, as the provisioned key does.
            await OpenAsync(Link("/snom/status"), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (key == "BACK")
        {
            if (_history.Count > 0)
            {
                await OpenAsync(_history.Pop(), cancellationToken, remember: false).ConfigureAwait(false);
            }

            return;
        }

        if (Screen.SoftKeys.TryGetValue(key, out var softKey))
        {
            await FollowAsync(softKey.Url, cancellationToken).ConfigureAwait(false);
            return;
        }

        var items = Screen.Items;
        var index = key is "OK" or "ENTER" ? items.ToList().FindIndex(i => i.Selected)
            : int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n - 1 : -1;
        if (index >= 0 && index < items.Count)
        {
            await FollowAsync(items[index].Url, cancellationToken).ConfigureAwait(false);
            return;
        }

        Status = $"Key {key} does nothing here.";
        Changed?.Invoke();
    }

    /// <summary>Follows the first menu item whose name starts with <paramref name="text"/> (scripts need not count).</summary>
    public async Task SelectAsync(string text, CancellationToken cancellationToken)
    {
        var item = Screen.Items.FirstOrDefault(i => i.Name.TrimStart('»', ' ').StartsWith(text, StringComparison.OrdinalIgnoreCase));
        if (item is null)
        {
            Status = $"No menu item starts with \"{text}\".";
            Changed?.Invoke();
            return;
        }

        await FollowAsync(item.Url, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Types into an input page and sends it.</summary>
    public async Task InputAsync(string text, CancellationToken cancellationToken)
    {
        if (Screen.Input is not { } prompt)
        {
            Status = "This page takes no input.";
            Changed?.Invoke();
            return;
        }

        // As typed: a '+' stays a raw '+', and a '#' starts the URL's fragment, which is not sent.
        await FollowAsync(prompt.Url.Replace(prompt.Token, text, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the phone's own DND mode. A key press fires the action URL; a remote change (the service's push) fires
    /// it too when <see cref="SimulatorOptions.EchoRemoteDnd"/> is set, as some firmware does.
    /// </summary>
    public async Task SetDndAsync(bool dnd, bool fromKey, CancellationToken cancellationToken)
    {
        var changed = Dnd != dnd;
        Dnd = dnd;
        if (fromKey || (changed && options.EchoRemoteDnd))
        {
            await FireAsync(dnd ? "dnd-on" : "dnd-off", null, cancellationToken).ConfigureAwait(false);
        }

        if (fromKey && CurrentUrl is not null)
        {
            await OpenAsync(CurrentUrl, cancellationToken, remember: false).ConfigureAwait(false);
        }

        Changed?.Invoke();
    }

    /// <summary>Loads a page into the minibrowser (a link followed, a fetch, or a push from the service).</summary>
    public async Task OpenAsync(string url, CancellationToken cancellationToken, bool remember = true)
    {
        if (url.StartsWith("snom://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("phone://", StringComparison.OrdinalIgnoreCase))
        {
            if (url.Contains("mb_exit", StringComparison.OrdinalIgnoreCase))
            {
                Show(PhoneScreen.Idle, null);
            }
            else if (url.IndexOf("#numberdial=", StringComparison.OrdinalIgnoreCase) is var dial and >= 0)
            {
                Status = $"Dialling {url[(dial + "#numberdial=".Length)..]}";
                Changed?.Invoke();
            }

            return;
        }

        using var active = Active();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var response = await http.GetAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (remember && CurrentUrl is not null && CurrentUrl != url)
            {
                _history.Push(CurrentUrl);
            }

            if (Show(string.IsNullOrWhiteSpace(body) ? Screen : PhoneScreen.Parse(body), url))
            {
                Status = $"HTTP {(int)response.StatusCode}";
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or FormatException or System.Xml.XmlException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Status = $"Cannot load {url}: {ex.Message}";
        }
        finally
        {
            _gate.Release();
        }

        Changed?.Invoke();
    }

    /// <summary>
    /// Waits until the phone and the service have left each other alone for <paramref name="quiet"/>: no request of
    /// the phone's under way, none of the service's (pushes) arriving; at most <paramref name="limit"/>. Scripts use
    /// it instead of guessing how long a boot or a push takes on a busy machine.
    /// </summary>
    public async Task SettleAsync(TimeSpan quiet, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        while (Environment.TickCount64 < deadline
            && (Volatile.Read(ref _inFlight) > 0 || Environment.TickCount64 - Interlocked.Read(ref _lastActivity) < quiet.TotalMilliseconds))
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Marks a request to or from the phone as under way until disposed, for <see cref="SettleAsync"/>.</summary>
    public Activity Active()
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Exchange(ref _lastActivity, Environment.TickCount64);
        return new Activity(this);
    }

    public readonly struct Activity(SimulatedPhone phone) : IDisposable
    {
        public void Dispose()
        {
            Interlocked.Exchange(ref phone._lastActivity, Environment.TickCount64);
            Interlocked.Decrement(ref phone._inFlight);
        }
    }

    public void Dispose()
    {
        _refresh?.Cancel();
        _refresh?.Dispose();
        _gate.Dispose();
    }

    private Task FollowAsync(string url, CancellationToken cancellationToken) => OpenAsync(url, cancellationToken);

    /// <summary>Shows the page; false when this model's minibrowser cannot show it and the phone stays where it was.</summary>
    private bool Show(PhoneScreen screen, string? url)
    {
        if (screen.Input is not null && !Model.ShowsInput(options.Firmware))
        {
            // This firmware's minibrowser has no input pages: the page does not open.
            Status = $"{Model.Model} firmware {options.Firmware} shows no input pages (from {Model.InputSince}).";
            return false;
        }

        Screen = screen;
        CurrentUrl = url;
        foreach (var led in screen.Leds)
        {
            // "off" hands the LED back to the phone's own logic.
            if (led.On)
            {
                _leds[led.Number] = led;
            }
            else
            {
                _leds.Remove(led.Number);
            }
        }

        ScheduleRefresh(screen.Fetch);
        return true;
    }

    private void ScheduleRefresh(PhoneScreen.Refresh? fetch)
    {
        _refresh?.Cancel();
        _refresh?.Dispose();
        _refresh = null;
        if (fetch is null || string.IsNullOrEmpty(fetch.Url) || !options.FollowFetch)
        {
            return;
        }

        var cts = new CancellationTokenSource();
        _refresh = cts;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(Math.Max(fetch.Milliseconds, 1), cts.Token).ConfigureAwait(false);
                await OpenAsync(fetch.Url, cts.Token, remember: false).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The page changed first.
            }
        });
    }

    private async Task FireAsync(string action, string? extra, CancellationToken cancellationToken)
    {
        var url = new StringBuilder(BaseUrl).Append("/snom/action/").Append(action)
            .Append("?ext=").Append(options.Extension).Append(Access);
        if (options.Address is { } address && extra is null)
        {
            url.Append("&ip=").Append(address);
        }

        url.Append(extra);
        using var active = Active();
        try
        {
            using var response = await http.GetAsync(new Uri(url.ToString()), cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            // An action URL that answers Snom XML opens it in the minibrowser, as on the phone.
            if (body.TrimStart().StartsWith('<'))
            {
                Show(PhoneScreen.Parse(body), CurrentUrl);
            }

            log.WriteLine($"action {action}: HTTP {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            Status = $"Action URL {action} failed: {ex.Message}";
        }
    }

    private string Link(string path) =>
        $"{BaseUrl}{path}?ext={options.Extension}{Access}{(options.Language is { } lang ? "&lang=" + lang : string.Empty)}";
}
