using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Web.Colleagues;
using SnomPresence.Web.Phone;
using SnomPresence.Web.Phone.Minibrowser;

// The colleague pages as the service builds them, without HTTP: the directory of EXTENSIONS named extensions
// (default 10000) and a group of GROUP (default 200), then each page built and written as XML, one at a time,
// ITERATIONS times (default 20000), every build timed on its own.
var extensions = Setting("EXTENSIONS", 10_000);
var members = Setting("GROUP", 200);
var iterations = Setting("ITERATIONS", 20_000);

var store = new Snapshot();
var now = TimeProvider.System.GetUtcNow();
for (var i = 0; i < extensions; i++)
{
    var ext = Extension.Parse((10_000 + i).ToString(CultureInfo.InvariantCulture));
    var name = new ExtensionName($"Müller{i * 7919 % extensions:00000}, Jörg", NameSource.Admin);
    store.States.Add(PresenceState.Create(ext, ChangeSource.Admin, now) with { Name = name, Status = (PresenceStatus)(i % 5) });
}

var group = new ColleagueGroup(GroupId.Parse("vertrieb"), "Vertrieb", [.. store.States.Take(members).Select(s => s.Extension)], GroupSource.Admin);
store.Groups.Add(group);
var snom = Options.Create(new SnomOptions { PublicBaseUrl = "https://presence.example.de", TimeZone = "Europe/Berlin" });
var format = new PhoneFormat(snom, new StatusLabels(), TimeProvider.System);
using var directory = new ColleagueDirectory(store, new PresenceChangeBroadcaster(), NullLogger<ColleagueDirectory>.Instance);
var lists = new ColleagueLists(directory, store, Options.Create(new ColleaguesOptions()), format);
var services = new ServiceCollection().AddSingleton(snom).BuildServiceProvider();
var http = new DefaultHttpContext { RequestServices = services };
http.Request.Scheme = "https";
http.Request.Host = new HostString("presence.example.de");
var phone = PhoneContext.For(http);
var caller = store.States[0];

Console.WriteLine($"{extensions} extensions, a group of {members}, {iterations} pages each, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Measure($"group of {members}, first page", () => lists.PageAsync(caller, "vertrieb", null, null, default));
Measure($"search among {extensions} (\"mueller0421\")", () => lists.PageAsync(caller, null, null, "mueller0421", default));
Measure($"everyone ({extensions}), page 250", () => lists.PageAsync(caller, null, "250", null, default));

void Measure(string what, Func<Task<ColleaguePage?>> page)
{
    var times = new double[iterations];
    for (var i = -iterations / 10; i < iterations; i++)
    {
        var started = Stopwatch.GetTimestamp();
        var built = page().GetAwaiter().GetResult() ?? throw new InvalidOperationException($"No page for {what}.");
        var xml = lists.Directory(built, caller.Extension, phone).ToXml();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (i >= 0)
        {
            // The first tenth only warms up the JIT.
            times[i] = elapsed + (xml.Length == 0 ? 1 : 0);
        }
    }

    Array.Sort(times);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what}: p50 {times[iterations / 2]:F3} ms, p99 {times[iterations * 99 / 100]:F3} ms, p99.9 {times[iterations * 999 / 1000]:F3} ms, max {times[^1]:F3} ms"));
}

static int Setting(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

/// <summary>The stored extensions and groups as the pages read them; nothing here is written.</summary>
internal sealed class Snapshot : IPresenceStore, IColleagueStore
{
    public List<PresenceState> States { get; } = [];

    public List<ColleagueGroup> Groups { get; } = [];

    public Task<PresenceState?> GetAsync(Extension extension, CancellationToken cancellationToken) =>
        Task.FromResult(States.FirstOrDefault(s => s.Extension == extension));

    public Task<IReadOnlyList<PresenceState>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<PresenceState>>(States);

    public Task<IReadOnlyList<ColleagueGroup>> ListGroupsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ColleagueGroup>>(Groups);

    public Task<IReadOnlyList<Extension>> GetFavouritesAsync(Extension owner, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Extension>>([]);

    public Task<IReadOnlyList<(Extension Owner, IReadOnlyList<Extension> Favourites)>> ListFavouritesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(Extension, IReadOnlyList<Extension>)>>([]);

    public Task<bool> TrySaveAsync(PresenceState? current, PresenceState updated, PresenceHistoryEntry entry, PbxChanges forPbx, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<PresenceState>> ListExpiringAsync(DateTimeOffset until, int max, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<DateTimeOffset?> NextExpiryAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<PresenceHistoryEntry>> GetHistoryAsync(Extension extension, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> PruneHistoryAsync(DateTimeOffset olderThan, int keepPerExtension, int max, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SaveGroupAsync(ColleagueGroup group, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> DeleteGroupAsync(GroupId id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SaveFavouritesAsync(Extension owner, IReadOnlyList<Extension> favourites, CancellationToken cancellationToken) => throw new NotSupportedException();
}
