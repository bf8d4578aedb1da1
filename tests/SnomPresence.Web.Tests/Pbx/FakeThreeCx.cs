using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace SnomPresence.Web.Tests.Pbx;

/// <summary>
/// A 3CX v20 PBX as far as the XAPI swagger, 3CX's documentation and public XAPI users describe it (docs/3cx.md), on
/// WireMock.Net: users with names, profiles of either route type and forwarding, OAuth2 client credentials with one
/// active token, paging with a page size 3CX chooses (with or without nextLink, even to another host), PATCH
/// replacing the whole profile list, system parameters, the phones' DND profile, and groups (departments) with their
/// members, paged like the users. Tests switch faults on (503s,
/// delays, Retry-After, revoked tokens, a 403 for one user, a user deleted and created again) and stop and restart
/// it for refused connections.
/// </summary>
public sealed partial class FakeThreeCx : IDisposable
{
    public const string ClientId = "snompresence";
    public const string ClientSecret = "s3cret-client-key-do-not-log";

    private readonly ConcurrentDictionary<int, FakeUser> _users = new();
    private readonly ConcurrentDictionary<int, bool> _forbidden = new();
    private readonly ConcurrentDictionary<int, (string Name, int[] UserIds)> _groups = new();
    private readonly List<FakeRequest> _log = [];
    private readonly ConcurrentQueue<int> _failures = new();
    private readonly Lock _tokenLock = new();
    private string? _token;
    private DateTimeOffset _tokenExpires;
    private int _patchesReceived;
    private WireMockServer _server;

    public FakeThreeCx()
    {
        _server = Start(0);
        TestTrail.Add("fake 3CX", () => Requests.Select(r => $"{r.At:HH:mm:ss.fff} {r.Method} {r.Path}{r.Query} {r.Status}"));
    }

    public string Url => _server.Url!;

    public int TokensIssued { get; private set; }

    public int ExpiresInSeconds { get; set; } = 3600;

    public string? Custom1Name { get; set; } = "Lunch";

    public string? Custom2Name { get; set; } = "Business Trip";

    /// <summary>Added before answering each /xapi request.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>PATCH requests that arrived, answered yet or not.</summary>
    public int PatchesReceived => Volatile.Read(ref _patchesReceived);

    /// <summary>When each PATCH arrived, before <see cref="Delay"/> held its answer back; also those whose caller gave up waiting.</summary>
    public IReadOnlyList<DateTimeOffset> PatchArrivals
    {
        get
        {
            lock (_patchArrivals)
            {
                return [.. _patchArrivals];
            }
        }
    }

    private readonly List<DateTimeOffset> _patchArrivals = [];

    /// <summary>Answer /xapi PATCH requests with <see cref="RejectStatus"/> while true; reads still work.</summary>
    public bool RejectPatches { get; set; }

    /// <summary>The status rejected PATCHes get: 503 unless a test wants another, such as 429.</summary>
    public int RejectStatus { get; set; } = 503;

    public int? RetryAfterSeconds { get; set; }

    /// <summary>Refuse the client credentials at /connect/token while true (a rotated or expired API key).</summary>
    public bool RejectCredentials { get; set; }

    /// <summary>The most users 3CX answers per page, whatever <c>$top</c> asked for; null: as asked.</summary>
    public int? PageCap { get; set; }

    /// <summary>Send <c>@odata.nextLink</c> on pages that are not the last (some 3CX builds do, others do not).</summary>
    public bool SendNextLinks { get; set; }

    /// <summary>Where the nextLinks point; null: this PBX. Another host tests that the token never goes there.</summary>
    public string? NextLinkBase { get; set; }

    /// <summary>Leave <c>@odata.count</c> out even when asked for it.</summary>
    public bool OmitCount { get; set; }

    /// <summary><c>PhonesSettings.CustomDNDProfile</c>: the profile a phone's DND key switches to.</summary>
    public string? CustomDndProfile { get; set; } = "Out of office";

    /// <summary>Answer the system parameters and the phones settings with 500 while true.</summary>
    public bool FailSettings { get; set; }

    /// <summary>Every request the PBX received, in order.</summary>
    /// <summary>Every request the PBX received since the last (re)start, in order, with the status it answered.</summary>
    public IReadOnlyList<FakeRequest> Requests =>
        [.. _log.Concat(ServerRequests()).OrderBy(r => r.At)];

    private IEnumerable<FakeRequest> ServerRequests() =>
        _server.LogEntries.Select(e => new FakeRequest(
            e.RequestMessage.DateTime,
            e.RequestMessage.Method,
            e.RequestMessage.Path,
            (e.RequestMessage.RawQuery ?? string.Empty).TrimStart('?'),
            e.RequestMessage.Body,
            e.RequestMessage.Headers?.TryGetValue("Authorization", out var auth) == true ? auth.ToString() : null,
            Convert.ToInt32(e.ResponseMessage.StatusCode, CultureInfo.InvariantCulture),
            e.ResponseMessage.BodyData?.BodyAsString));

    /// <summary>The PATCHes 3CX accepted, in order.</summary>
    public IReadOnlyList<(int UserId, JsonObject Body)> Patches =>
        [.. Requests.Where(r => r.Method == "PATCH" && r.Status == 204).Select(r => (int.Parse(UserIdPattern().Match(r.Path).Groups[1].Value, CultureInfo.InvariantCulture), JsonNode.Parse(r.Body!)!.AsObject()))];

    /// <summary>The settings that point SnomPresence at this PBX, with timeouts and intervals shrunk so faults play out in milliseconds.</summary>
    public Dictionary<string, string> ServiceSettings() => new()
    {
        ["Pbx:Provider"] = "ThreeCX",
        ["Pbx:ThreeCX:BaseUrl"] = Url,
        ["Pbx:ThreeCX:ClientId"] = ClientId,
        ["Pbx:ThreeCX:ClientSecret"] = ClientSecret,
        ["Pbx:ThreeCX:PollInterval"] = "00:00:00.200",
        ["Pbx:ThreeCX:MaxRetryDelay"] = "00:00:00.200",
        ["Pbx:ThreeCX:DegradedAfter"] = "00:00:02",
        ["Pbx:ThreeCX:LateWriteWindow"] = "00:00:01.500",
        ["Pbx:Resilience:Retry:Delay"] = "00:00:00.020",
        ["Pbx:Resilience:AttemptTimeout:Timeout"] = "00:00:00.500",
        ["Pbx:Resilience:TotalRequestTimeout:Timeout"] = "00:00:03",
        ["Pbx:Resilience:CircuitBreaker:SamplingDuration"] = "00:00:01",
        ["Pbx:Resilience:CircuitBreaker:BreakDuration"] = "00:00:00.500",
    };

    /// <summary>
    /// <see cref="ServiceSettings"/> for the real service process, with its SQLite file in <paramref name="folder"/> and
    /// the test admin key.
    /// </summary>
    public Dictionary<string, string> ProcessSettings(string folder)
    {
        var settings = ServiceSettings();
        settings["Store:Sqlite:Path"] = Path.Combine(folder, "presence.db");
        settings["Admin:ApiKey"] = SnomPresenceApp.ApiKey;
        return settings;
    }

    /// <summary>
    /// Waits until 3CX accepted a PATCH and checks every accepted PATCH is that one write: one the service stopped
    /// waiting for (attempt timeout on a loaded machine) is applied late and sent again, the same.
    /// </summary>
    public async Task WaitForOneWriteAsync(string what)
    {
        await SnomPresenceApp.EventuallyAsync(() => Patches.Count >= 1, what, () => string.Join("\n", Requests.Select(r => $"{r.At:HH:mm:ss.fff} {r.Method} {r.Path} {r.Status}")));
        var first = Patches[0];
        Assert.All(Patches, p => Assert.Equal((first.UserId, first.Body.ToJsonString()), (p.UserId, p.Body.ToJsonString())));
    }

    /// <summary>Waits until SnomPresence has read the users once, so a test's changes come after its first poll.</summary>
    public Task WaitForFirstPollAsync() =>
        SnomPresenceApp.EventuallyAsync(() => Requests.Any(r => r.Path == "/xapi/v1/Users"), "the first poll ran");

    public FakeUser AddUser(int id, string number, string profile = "Available")
    {
        var user = new FakeUser(id, number) { Profile = profile };
        _users[id] = user;
        return user;
    }

    /// <summary>A group (3CX's department, <c>Pbx.Group</c>) whose members are these users; replaces one with the same id.</summary>
    public void SetGroup(int id, string name, params int[] userIds) => _groups[id] = (name, userIds);

    public void RemoveGroup(int id) => _groups.TryRemove(id, out _);

    /// <summary>Answer the groups with 403 while true, as 3CX does for an API client whose role may not read them.</summary>
    public bool ForbidGroups { get; set; }

    /// <summary>Deletes the user and creates it again under <paramref name="newId"/>, as a 3CX admin may: the old id answers 404.</summary>
    public FakeUser Recreate(string number, int newId)
    {
        var old = User(number);
        _users.TryRemove(old.Id, out _);
        return AddUser(newId, number, old.Profile);
    }

    /// <summary>Refuses every change to this user with 403, as 3CX does when the API client's role lacks the user's department.</summary>
    public void Forbid(int userId, bool forbidden = true)
    {
        if (forbidden)
        {
            _forbidden[userId] = true;
        }
        else
        {
            _forbidden.TryRemove(userId, out _);
        }
    }

    public FakeUser User(string number) => _users.Values.Single(u => u.Number == number);

    /// <summary>The next PATCH requests fail with these status codes, one each; reads are not affected.</summary>
    public void FailNext(params int[] statusCodes)
    {
        foreach (var code in statusCodes)
        {
            _failures.Enqueue(code);
        }
    }

    /// <summary>Forgets the active token, as 3CX does when a token is revoked or another one was issued.</summary>
    public void RevokeToken()
    {
        lock (_tokenLock)
        {
            _token = null;
        }
    }

    /// <summary>Stops listening: connections are refused until <see cref="Restart"/>.</summary>
    public void Stop() => _server.Stop();

    public void Restart()
    {
        var port = new Uri(Url).Port;
        _log.AddRange(ServerRequests());
        _server.Dispose();
        // The port may linger for a moment after the old server closed it.
        for (var attempt = 0; ; attempt++)
        {
            _server = Start(port);
            if (_server.IsStarted || attempt == 20)
            {
                break;
            }

            _server.Dispose();
            Thread.Sleep(100);
        }

        Assert.True(_server.IsStarted, $"The fake 3CX could not listen on port {port} again.");
    }

    public void Dispose() => _server.Dispose();

    private WireMockServer Start(int port)
    {
        var server = WireMockServer.Start(new WireMockServerSettings { Port = port, StartAdminInterface = false });
        server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(HandleAsync));
        return server;
    }

    private async Task<IResponseMessage> HandleAsync(IRequestMessage request)
    {
        if (request.Path == "/connect/token" && request.Method == "POST")
        {
            return IssueToken(request);
        }

        if (!request.Path.StartsWith("/xapi/v1/", StringComparison.Ordinal))
        {
            return ODataError(404, "Not Found");
        }

        if (request.Method == "PATCH")
        {
            Interlocked.Increment(ref _patchesReceived);
            lock (_patchArrivals)
            {
                _patchArrivals.Add(TimeProvider.System.GetUtcNow());
            }
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        if (!Authorized(request))
        {
            return ODataError(401, "Unauthorized");
        }

        if (request.Method == "PATCH" && UserIdPattern().Match(request.Path) is { Success: true } target
            && _forbidden.ContainsKey(int.Parse(target.Groups[1].Value, CultureInfo.InvariantCulture)))
        {
            return ODataError(403, "Forbidden");
        }

        var failure = 0;
        if (request.Method == "PATCH" && (_failures.TryDequeue(out failure) || (RejectPatches && (failure = RejectStatus) > 0)))
        {
            var response = ODataError(failure, failure == 429 ? "Too Many Requests" : "Service Unavailable");
            if (RetryAfterSeconds is { } seconds)
            {
                response.AddHeader("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
            }

            return response;
        }

        return Route(request);
    }

    private IResponseMessage Route(IRequestMessage request)
    {
        var path = request.Path;
        if (path == "/xapi/v1/Users" && request.Method == "GET")
        {
            return ListUsers(request);
        }

        if (path == "/xapi/v1/Defs/Pbx.GetSystemParameters()" && request.Method == "GET")
        {
            return FailSettings ? ODataError(500, "Internal error")
                : Json(200, new JsonObject { ["Custom1Name"] = Custom1Name, ["Custom2Name"] = Custom2Name, ["Version"] = "20.0.10.0" });
        }

        if (path == "/xapi/v1/PhonesSettings" && request.Method == "GET")
        {
            return FailSettings ? ODataError(500, "Internal error")
                : Json(200, new JsonObject { ["CustomDNDProfile"] = CustomDndProfile, ["SnomUpdateInterval"] = 0 });
        }

        if (path.StartsWith("/xapi/v1/Groups", StringComparison.Ordinal) && request.Method == "GET")
        {
            return ListGroups(request, path);
        }

        var match = UserIdPattern().Match(path);
        if (!match.Success || !_users.TryGetValue(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), out var user))
        {
            return ODataError(404, "WARNINGS.XAPI.NOT_FOUND");
        }

        if (path.EndsWith("/ForwardingProfiles", StringComparison.Ordinal) && request.Method == "GET")
        {
            return Json(200, new JsonObject { ["value"] = user.ForwardingProfiles.DeepClone() });
        }

        if (request.Method == "PATCH" && path == $"/xapi/v1/Users({user.Id})")
        {
            var body = JsonNode.Parse(request.Body!)!.AsObject();
            if (body["CurrentProfileName"] is { } profile)
            {
                user.Accept((string)profile!);
            }

            if (body["QueueStatus"] is { } queue)
            {
                user.QueueStatus = (string)queue!;
            }

            if (body["ForwardingProfiles"] is JsonArray profiles)
            {
                user.ForwardingProfiles = (JsonArray)profiles.DeepClone();
            }

            return new ResponseMessage { StatusCode = 204 };
        }

        return ODataError(405, "Method Not Allowed");
    }

    private IResponseMessage ListUsers(IRequestMessage request)
    {
        var users = _users.Values.OrderBy(u => u.Id).AsEnumerable();
        if (Param(request, "$filter") is { } filter)
        {
            var number = NumberFilterPattern().Match(filter);
            users = users.Where(u => number.Success && u.Number == number.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal));
        }

        var expand = Param(request, "$expand")?.Contains("ForwardingProfiles", StringComparison.Ordinal) == true;
        return Page(request, "Users", "$expand=ForwardingProfiles&$orderby=Id", [.. users.Select(u => (JsonNode)u.ToJson(expand))]);
    }

    /// <summary><c>/Groups</c> and <c>/Groups({Id})/Members</c>: <c>Pbx.Group</c> with Id and Name, <c>Pbx.UserGroup</c> with Id and Number.</summary>
    private IResponseMessage ListGroups(IRequestMessage request, string path)
    {
        if (ForbidGroups)
        {
            return Json(403, new JsonObject { ["error"] = new JsonObject { ["code"] = "", ["message"] = "Forbidden" } });
        }

        if (path == "/xapi/v1/Groups")
        {
            return Page(request, "Groups", "$orderby=Id", [.. _groups.OrderBy(g => g.Key).Select(g => (JsonNode)new JsonObject { ["Id"] = g.Key, ["Name"] = g.Value.Name })]);
        }

        var match = GroupMembersPattern().Match(path);
        if (!match.Success || !_groups.TryGetValue(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), out var group))
        {
            return Json(404, new JsonObject { ["error"] = new JsonObject { ["message"] = "WARNINGS.XAPI.NOT_FOUND" } });
        }

        var members = group.UserIds.Where(_users.ContainsKey).Select(id => _users[id]).OrderBy(u => u.Id)
            .Select(u => (JsonNode)new JsonObject { ["Id"] = u.Id, ["Number"] = u.Number, ["Name"] = u.DisplayName });
        return Page(request, $"Groups({match.Groups[1].Value})/Members", "$orderby=Id", [.. members]);
    }

    /// <summary>One page as 3CX answers it: at most <see cref="PageCap"/> items whatever <c>$top</c> asked, with count and nextLink as set.</summary>
    private ResponseMessage Page(IRequestMessage request, string collection, string nextQuery, IReadOnlyList<JsonNode> all)
    {
        var skip = int.Parse(Param(request, "$skip") ?? "0", CultureInfo.InvariantCulture);
        var top = Math.Min(int.Parse(Param(request, "$top") ?? "100000", CultureInfo.InvariantCulture), PageCap ?? int.MaxValue);
        var body = new JsonObject { ["@odata.context"] = $"{Url}/xapi/v1/$metadata#{collection}", ["value"] = new JsonArray([.. all.Skip(skip).Take(top)]) };
        if (Param(request, "$count") == "true" && !OmitCount)
        {
            body["@odata.count"] = all.Count;
        }

        if (SendNextLinks && skip + top < all.Count)
        {
            body["@odata.nextLink"] = $"{NextLinkBase ?? Url}/xapi/v1/{collection}?{nextQuery}&$skiptoken={skip + top}&$skip={skip + top}&$top={top}";
        }

        return Json(200, body);
    }

    private static string? Param(IRequestMessage request, string name) =>
        request.Query is { } query && query.TryGetValue(name, out var values) ? values.ToString() : null;

    private IResponseMessage IssueToken(IRequestMessage request)
    {
        var form = (request.Body ?? string.Empty).Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty);
        if (RejectCredentials || form.GetValueOrDefault("client_id") != ClientId || form.GetValueOrDefault("client_secret") != ClientSecret || form.GetValueOrDefault("grant_type") != "client_credentials")
        {
            // RFC 6749 §5.2: a client whose credentials are refused.
            return Json(401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "The client credentials are invalid." });
        }

        lock (_tokenLock)
        {
            TokensIssued++;
            // One active token per client: issuing a new one replaces the old.
            _token = $"token-{TokensIssued}-{Guid.NewGuid():N}";
            _tokenExpires = TimeProvider.System.GetUtcNow().AddSeconds(ExpiresInSeconds);
            return Json(200, new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = ExpiresInSeconds, ["access_token"] = _token, ["refresh_token"] = null });
        }
    }

    private bool Authorized(IRequestMessage request)
    {
        var header = request.Headers?.TryGetValue("Authorization", out var values) == true ? values.ToString() : null;
        lock (_tokenLock)
        {
            return _token is not null && header == $"Bearer {_token}" && TimeProvider.System.GetUtcNow() < _tokenExpires;
        }
    }

    /// <summary>An error as the description declares every operation's <c>default</c> answer: <c>Pbx.ODataErrors.ODataError</c>.</summary>
    private static ResponseMessage ODataError(int status, string message) =>
        Json(status, new JsonObject { ["error"] = new JsonObject { ["code"] = string.Empty, ["message"] = message } });

    private static ResponseMessage Json(int status, JsonObject body)
    {
        var response = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        response.AddHeader("Content-Type", "application/json; charset=utf-8");
        return response;
    }

    [GeneratedRegex(@"^/xapi/v1/Users\((\d+)\)")]
    private static partial Regex UserIdPattern();

    [GeneratedRegex(@"^/xapi/v1/Groups\((-?\d+)\)/Members$")]
    private static partial Regex GroupMembersPattern();

    [GeneratedRegex(@"^Number eq '((?:[^']|'')*)'$")]
    private static partial Regex NumberFilterPattern();
}

public sealed record FakeRequest(DateTime At, string Method, string Path, string Query, string? Body, string? Authorization, int Status, string? ResponseBody = null);

/// <summary>A 3CX user with its five forwarding profiles, shaped like <c>Pbx.User</c> and <c>Pbx.ForwardingProfile</c>.</summary>
public sealed class FakeUser(int id, string number)
{
    private readonly List<(DateTimeOffset At, string Profile)> _accepted = [];

    public int Id { get; } = id;

    public string Number { get; } = number;

    public string Profile { get; set; } = "Available";

    public string? DisplayName { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    /// <summary>Every profile a PATCH set, in the order 3CX applied them, with when: what a late or stale PATCH did shows here.</summary>
    public IReadOnlyList<(DateTimeOffset At, string Profile)> AcceptedProfiles
    {
        get
        {
            lock (_accepted)
            {
                return [.. _accepted];
            }
        }
    }

    public string QueueStatus { get; set; } = "LoggedOut";

    public JsonArray ForwardingProfiles { get; set; } = DefaultProfiles(number);

    public void Accept(string profile)
    {
        lock (_accepted)
        {
            Profile = profile;
            _accepted.Add((TimeProvider.System.GetUtcNow(), profile));
        }
    }

    public JsonObject ProfileNamed(string name) => ForwardingProfiles.OfType<JsonObject>().Single(p => (string?)p["Name"] == name);

    /// <summary>The route the profile carries: its AvailableRoute or its AwayRoute, whichever 3CX filled in.</summary>
    public JsonObject Route(string profile) => (JsonObject)(ProfileNamed(profile)["AvailableRoute"] ?? ProfileNamed(profile)["AwayRoute"])!;

    /// <summary>Makes the profile available-type (calls ring first), as 3CX may have Custom 1 (Lunch).</summary>
    public JsonObject MakeRingFirst(string profile)
    {
        var found = ProfileNamed(profile);
        found["AwayRoute"] = null;
        found["AvailableRoute"] = AvailableRoute(Number);
        return (JsonObject)found["AvailableRoute"]!;
    }

    public JsonObject ToJson(bool withProfiles)
    {
        var json = new JsonObject
        {
            ["Id"] = Id, ["Number"] = Number, ["DisplayName"] = DisplayName, ["FirstName"] = FirstName, ["LastName"] = LastName,
            ["CurrentProfileName"] = Profile, ["QueueStatus"] = QueueStatus,
        };
        if (withProfiles)
        {
            json["ForwardingProfiles"] = ForwardingProfiles.DeepClone();
        }

        return json;
    }

    /// <summary>A <c>Pbx.Destination</c> as 3CX sends it.</summary>
    public static JsonObject Destination(string to, string number = "", string external = "", string name = "", string type = "None") =>
        new() { ["To"] = to, ["Number"] = number, ["External"] = external, ["Name"] = name, ["Type"] = type, ["Tags"] = new JsonArray() };

    private static JsonObject AvailableRoute(string number)
    {
        JsonObject Voicemail() => Destination("VoiceMail", number, type: "Extension");
        return new JsonObject
        {
            ["NoAnswerAllCalls"] = false, ["BusyAllCalls"] = false, ["NotRegisteredAllCalls"] = false,
            ["NoAnswerInternal"] = Voicemail(), ["NoAnswerExternal"] = Voicemail(),
            ["BusyInternal"] = Voicemail(), ["BusyExternal"] = Voicemail(),
            ["NotRegisteredInternal"] = Voicemail(), ["NotRegisteredExternal"] = Voicemail(),
        };
    }

    private static JsonArray DefaultProfiles(string number)
    {
        var profiles = new JsonArray
        {
            new JsonObject { ["Id"] = 1, ["Name"] = "Available", ["CustomName"] = "", ["NoAnswerTimeout"] = 20, ["AwayRoute"] = null, ["AvailableRoute"] = AvailableRoute(number) },
        };
        var id = 2;
        foreach (var name in new[] { "Away", "Out of office", "Custom 1", "Custom 2" })
        {
            profiles.Add(new JsonObject
            {
                ["Id"] = id++, ["Name"] = name, ["CustomName"] = "", ["AvailableRoute"] = null,
                ["AwayRoute"] = new JsonObject
                {
                    ["AllHoursInternal"] = true, ["AllHoursExternal"] = true,
                    ["Internal"] = Destination("None"), ["External"] = Destination("VoiceMail", number, type: "Extension"),
                },
            });
        }

        return profiles;
    }
}
