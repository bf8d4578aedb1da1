namespace SnomPresence.Fleet.Targets;

/// <summary>
/// The bench phones' own web interface, as a real phone answers the service's pushes: <c>dummy.htm</c> (DND mode)
/// is taken with 200, and <c>minibrowser.htm?url=</c> (the Status key's LED page) with 200 at once, after which the
/// phone loads that page from the service, as Snom phones do. Every bench phone calls from 127.0.0.1, so one
/// listener there serves them all; without it every push would fail and be retried, which is not what a service
/// with working phones does.
/// </summary>
internal sealed class PhoneWebInterfaces : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _pages = new();
    private long _pushes;
    private long _pagesShown;
    private long _pageFailures;

    private PhoneWebInterfaces(WebApplication app) => _app = app;

    public int Port { get; private set; }

    /// <summary>Requests the service sent to the phones: DND mode settings and pages to open.</summary>
    public long Pushes => Interlocked.Read(ref _pushes);

    public long PagesShown => Interlocked.Read(ref _pagesShown);

    public long PageFailures => Interlocked.Read(ref _pageFailures);

    public static async Task<PhoneWebInterfaces> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var phones = new PhoneWebInterfaces(app);
        app.MapGet("/dummy.htm", () =>
        {
            Interlocked.Increment(ref phones._pushes);
            return TypedResults.Ok();
        });
        app.MapGet("/minibrowser.htm", (string? url) =>
        {
            Interlocked.Increment(ref phones._pushes);
            if (Uri.TryCreate(url, UriKind.Absolute, out var page))
            {
                _ = phones.ShowAsync(page);
            }

            return TypedResults.Ok();
        });
        await app.StartAsync();
        phones.Port = new Uri(app.Urls.First()).Port;
        return phones;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _pages.Dispose();
    }

    private async Task ShowAsync(Uri page)
    {
        try
        {
            using var response = await _pages.GetAsync(page);
            Interlocked.Increment(ref response.IsSuccessStatusCode ? ref _pagesShown : ref _pageFailures);
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref _pageFailures);
        }
    }
}
