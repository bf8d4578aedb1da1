using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SnomPresence.Fleet.Targets;

/// <summary>
/// A fast 3CX v20 for the key-press run, shaped after the XAPI swagger like the tests' WireMock fake: OAuth2
/// client credentials at /connect/token, the user list with $filter/$top/$skip/$count, system parameters, the
/// phones settings (no custom DND profile), and PATCH Users(id). It answers from memory without delay and timestamps each PATCH on arrival, in this process's
/// clock, so a press can be timed from the phone's request to the PBX seeing the change.
/// </summary>
internal sealed partial class FakeThreeCx : IAsyncDisposable
{
    public const string ClientId = "snompresence-bench";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, User> _users = new();
    private readonly ConcurrentDictionary<int, (string Profile, TaskCompletionSource<long> Arrived)> _awaited = new();
    private readonly string _clientSecret = RandomNumberGenerator.GetHexString(32, lowercase: true);
    private readonly string _token = RandomNumberGenerator.GetHexString(32, lowercase: true);
    private long _patches;
    private long _polls;

    private FakeThreeCx(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public long Patches => Interlocked.Read(ref _patches);

    public long Polls => Interlocked.Read(ref _polls);

    /// <summary>The settings that point the service at this PBX.</summary>
    public IEnumerable<string> ServiceSettings() =>
    [
        "--Pbx:Provider=ThreeCX",
        $"--Pbx:ThreeCX:BaseUrl={Address.ToString().TrimEnd('/')}",
        $"--Pbx:ThreeCX:ClientId={ClientId}",
        $"--Pbx:ThreeCX:ClientSecret={_clientSecret}",
    ];

    public static async Task<FakeThreeCx> StartAsync(IEnumerable<string> numbers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var pbx = new FakeThreeCx(app);
        var id = 1;
        foreach (var number in numbers)
        {
            pbx._users[id] = new User(id, number);
            id++;
        }

        app.MapPost("/connect/token", pbx.IssueTokenAsync);
        app.MapGet("/xapi/v1/Users", pbx.ListUsers);
        app.MapGet("/xapi/v1/Defs/{function}", GetSystemParameters);
        app.MapGet("/xapi/v1/PhonesSettings", () => TypedResults.Json(new JsonObject { ["CustomDNDProfile"] = null }));
        app.MapMethods("/xapi/v1/{user}", ["PATCH"], pbx.PatchUserAsync);
        await app.StartAsync();
        pbx.Address = new Uri(app.Urls.First());
        return pbx;
    }

    /// <summary>Completes with the arrival timestamp of the next PATCH that sets <paramref name="userId"/> to <paramref name="profile"/>.</summary>
    public Task<long> WaitForPatchAsync(int userId, string profile)
    {
        var arrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaited[userId] = (profile, arrived);
        return arrived.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<JsonHttpResult<JsonObject>> IssueTokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        return form["client_id"] == ClientId && form["client_secret"] == _clientSecret && form["grant_type"] == "client_credentials"
            ? TypedResults.Json(new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = 3600, ["access_token"] = _token })
            : TypedResults.Json(new JsonObject { ["error"] = "unauthorized" }, statusCode: StatusCodes.Status401Unauthorized);
    }

    private Results<JsonHttpResult<JsonObject>, UnauthorizedHttpResult> ListUsers(HttpRequest request)
    {
        if (!Authorized(request))
        {
            return TypedResults.Unauthorized();
        }

        Interlocked.Increment(ref _polls);
        var query = request.Query;
        var users = _users.Values.OrderBy(u => u.Id).AsEnumerable();
        if (query["$filter"].ToString() is { Length: > 0 } filter)
        {
            var number = NumberFilter().Match(filter);
            users = users.Where(u => number.Success && u.Number == number.Groups[1].Value);
        }

        var all = users.ToList();
        var skip = int.TryParse(query["$skip"], CultureInfo.InvariantCulture, out var s) ? s : 0;
        var top = int.TryParse(query["$top"], CultureInfo.InvariantCulture, out var t) ? t : 100_000;
        var body = new JsonObject { ["value"] = new JsonArray([.. all.Skip(skip).Take(top).Select(u => (JsonNode)u.ToJson())]) };
        if (query["$count"] == "true")
        {
            body["@odata.count"] = all.Count;
        }

        return TypedResults.Json(body);
    }

    private static Results<JsonHttpResult<JsonObject>, NotFound> GetSystemParameters(string function) => function == "Pbx.GetSystemParameters()"
        ? TypedResults.Json(new JsonObject { ["Custom1Name"] = "Lunch", ["Custom2Name"] = "Business Trip", ["Version"] = "20.0.10.0" })
        : TypedResults.NotFound();

    private async Task<Results<NoContent, UnauthorizedHttpResult, NotFound>> PatchUserAsync(string user, HttpRequest request)
    {
        var arrived = Stopwatch.GetTimestamp();
        if (!Authorized(request))
        {
            return TypedResults.Unauthorized();
        }

        if (UserKey().Match(user) is not { Success: true } key || !_users.TryGetValue(int.Parse(key.Groups[1].Value, CultureInfo.InvariantCulture), out var found))
        {
            return TypedResults.NotFound();
        }

        var body = (await JsonNode.ParseAsync(request.Body))?.AsObject();
        if (body?["CurrentProfileName"] is { } profile)
        {
            found.Profile = (string)profile!;
        }

        if (body?["QueueStatus"] is { } queue)
        {
            found.QueueStatus = (string)queue!;
        }

        Interlocked.Increment(ref _patches);
        if (_awaited.TryGetValue(found.Id, out var waiting) && waiting.Profile == found.Profile && _awaited.TryRemove(found.Id, out _))
        {
            waiting.Arrived.TrySetResult(arrived);
        }

        return TypedResults.NoContent();
    }

    private bool Authorized(HttpRequest request) => request.Headers.Authorization == $"Bearer {_token}";

    [GeneratedRegex(@"^Number eq '([^']*)'$")]
    private static partial Regex NumberFilter();

    [GeneratedRegex(@"^Users\((\d+)\)$")]
    private static partial Regex UserKey();

    private sealed class User(int id, string number)
    {
        public int Id { get; } = id;

        public string Number { get; } = number;

        public string Profile { get; set; } = "Available";

        public string QueueStatus { get; set; } = "LoggedOut";

        public JsonObject ToJson() => new() { [nameof(Id)] = Id, [nameof(Number)] = Number, ["CurrentProfileName"] = Profile, [nameof(QueueStatus)] = QueueStatus };
    }
}
