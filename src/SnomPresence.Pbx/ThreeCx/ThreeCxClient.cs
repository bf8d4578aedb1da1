using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Pbx.ThreeCx;

/// <summary>
/// The 3CX v20 Configuration API (XAPI) as the sync needs it, over the one named HttpClient that carries the
/// bearer token (<see cref="ThreeCxAuthHandler"/>) and the standard resilience handler (timeouts, retries with
/// Retry-After, circuit breaker). A singleton for its user-id cache; it takes a client from the factory per call
/// so handler rotation (DNS changes) keeps working. Refusals that concern one request (400, 403, 404, 422 …) come
/// as <see cref="ThreeCxRefusedException"/>; anything else that fails is an outage.
/// </summary>
internal sealed class ThreeCxClient(IHttpClientFactory clients, IOptions<PbxOptions> options)
{
    public const string ClientName = "3cx-xapi";

    private const string UserFields = "Id,Number,DisplayName,FirstName,LastName,CurrentProfileName,QueueStatus";

    // A PBX that keeps answering pages (a loop of nextLinks, a count that never comes) must not hold the poll forever.
    private const int MaxRequestsPerList = 10_000;

    private readonly ConcurrentDictionary<Extension, int> _userIds = new();

    /// <summary>The 3CX user id of an extension, from the cache or one filtered lookup; null when 3CX has no such user.</summary>
    public async Task<int?> FindUserIdAsync(Extension extension, CancellationToken cancellationToken)
    {
        if (_userIds.TryGetValue(extension, out var cached))
        {
            return cached;
        }

        var user = await FindUserAsync(extension, expandProfiles: false, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return null;
        }

        _userIds[extension] = user.Id;
        return user.Id;
    }

    /// <summary>One user by number, with its forwarding profiles when asked; null when 3CX has no such user.</summary>
    public async Task<ThreeCxUser?> FindUserAsync(Extension extension, bool expandProfiles, CancellationToken cancellationToken)
    {
        var filter = Uri.EscapeDataString($"Number eq {ODataString(extension.Value)}");
        var expand = expandProfiles ? "&$expand=ForwardingProfiles" : string.Empty;
        var page = await GetPageAsync($"/xapi/v1/Users?$filter={filter}&$select={UserFields}{expand}", "/xapi/v1/Users", ThreeCxJsonContext.Default.ThreeCxPageThreeCxUser, cancellationToken).ConfigureAwait(false);
        return page.Value?.FirstOrDefault(u => u.Number == extension.Value);
    }

    public void RememberUserId(Extension extension, int id) => _userIds[extension] = id;

    /// <summary>Drops a cached id 3CX no longer knows (a user deleted, perhaps created again under a new id).</summary>
    public void ForgetUserId(Extension extension) => _userIds.TryRemove(extension, out _);

    /// <summary>One PATCH with whatever is given: the profile (status) and the queue log-in.</summary>
    public async Task SetPresenceAsync(int userId, string? profileName, bool? queueLoggedIn, CancellationToken cancellationToken)
    {
        var body = new JsonObject();
        if (profileName is not null)
        {
            body["CurrentProfileName"] = profileName;
        }

        if (queueLoggedIn is { } loggedIn)
        {
            body["QueueStatus"] = loggedIn ? "LoggedIn" : "LoggedOut";
        }

        await PatchUserAsync(userId, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The user's forwarding profiles as 3CX sent them, so a change can write back everything else untouched.</summary>
    public async Task<JsonArray> GetForwardingProfilesAsync(int userId, CancellationToken cancellationToken)
    {
        var path = $"/xapi/v1/Users({userId})/ForwardingProfiles";
        using var response = await Http.GetAsync(Relative(path), cancellationToken).ConfigureAwait(false);
        await EnsureAcceptedAsync(response, "GET", path, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync(ThreeCxJsonContext.Default.JsonObject, cancellationToken).ConfigureAwait(false);
        return body?["value"] as JsonArray ?? [];
    }

    /// <summary>
    /// Writes the profile list back as read, with only the slots a change touched modified: 3CX may drop profiles
    /// left out of a PATCH, and whatever else is in there is the 3CX admin's.
    /// </summary>
    public Task SetForwardingProfilesAsync(int userId, JsonArray profiles, CancellationToken cancellationToken) =>
        PatchUserAsync(userId, new JsonObject { ["ForwardingProfiles"] = profiles.DeepClone() }, cancellationToken);

    /// <summary>All users with their status, name and forwarding, read page by page (<see cref="ListAllAsync"/>).</summary>
    public async Task<ThreeCxUserList> ListUsersAsync(CancellationToken cancellationToken)
    {
        var list = await ListAllAsync(
            $"/xapi/v1/Users?$select={UserFields}&$expand=ForwardingProfiles&$orderby=Id",
            "/xapi/v1/Users",
            ThreeCxJsonContext.Default.ThreeCxPageThreeCxUser,
            u => u.Id,
            cancellationToken).ConfigureAwait(false);
        return new ThreeCxUserList(list.Items, list.ReportedCount, list.Asked, list.FirstPage, list.Requests, list.NextLinksFollowed, list.NextLinksRefused);
    }

    /// <summary>
    /// Every group (department) with its members, each list read page by page like the users. Groups are few, so
    /// one request per group for its members costs little; the poll reads them every <c>SettingsInterval</c>.
    /// </summary>
    public async Task<IReadOnlyList<(ThreeCxGroup Group, IReadOnlyList<ThreeCxGroupMember> Members)>> ListGroupsAsync(CancellationToken cancellationToken)
    {
        var groups = await ListAllAsync(
            "/xapi/v1/Groups?$select=Id,Name&$orderby=Id",
            "/xapi/v1/Groups",
            ThreeCxJsonContext.Default.ThreeCxPageThreeCxGroup,
            g => g.Id,
            cancellationToken).ConfigureAwait(false);
        var result = new List<(ThreeCxGroup, IReadOnlyList<ThreeCxGroupMember>)>(groups.Items.Count);
        foreach (var group in groups.Items)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"/xapi/v1/Groups({group.Id})/Members");
            var members = await ListAllAsync(
                path + "?$select=Id,Number&$orderby=Id",
                path,
                ThreeCxJsonContext.Default.ThreeCxPageThreeCxGroupMember,
                m => m.Id,
                cancellationToken).ConfigureAwait(false);
            result.Add((group, members.Items));
        }

        return result;
    }

    /// <summary>
    /// Every item of a collection. 3CX may answer fewer items per page than asked for, with or without
    /// <c>@odata.nextLink</c>: the list is read until it holds <c>@odata.count</c> items (or, without a count, until a
    /// page comes back empty), following nextLink to the configured 3CX only and <c>$skip</c> otherwise.
    /// </summary>
    /// <param name="query">The collection's URL with <c>$select</c> and <c>$orderby</c>; paging is appended.</param>
    private async Task<ThreeCxList<T>> ListAllAsync<T>(
        string query, string path, JsonTypeInfo<ThreeCxPage<T>> type, Func<T, int> id, CancellationToken cancellationToken)
    {
        var pageSize = options.Value.ThreeCX.PageSize;
        var items = new List<T>();
        var ids = new HashSet<int>();
        int? count = null;
        int? firstPage = null;
        var (read, requests, followed, refused) = (0, 0, 0, 0);
        string Page(int skip) => string.Create(CultureInfo.InvariantCulture, $"{query}&$top={pageSize}&$skip={skip}&$count=true");
        string? url = Page(0);
        while (url is not null && requests < MaxRequestsPerList)
        {
            var page = await GetPageAsync(url, path, type, cancellationToken).ConfigureAwait(false);
            requests++;
            var value = page.Value ?? [];
            firstPage ??= value.Count;
            count ??= page.Count;
            read += value.Count;
            // Items created or deleted while paging shift the rest by one; an id seen twice is taken once.
            items.AddRange(value.Where(item => ids.Add(id(item))));

            url = null;
            if (page.NextLink is { Length: > 0 } link)
            {
                if (IsOwnAddress(link))
                {
                    url = link;
                    followed++;
                    continue;
                }

                refused++;
            }

            var more = value.Count > 0 && (count is not { } total || items.Count < total);
            url = more ? Page(read) : null;
        }

        return new ThreeCxList<T>(items, count, pageSize, firstPage ?? 0, requests, followed, refused);
    }

    public async Task<ThreeCxSystemParameters> GetSystemParametersAsync(CancellationToken cancellationToken)
    {
        const string path = "/xapi/v1/Defs/Pbx.GetSystemParameters()";
        using var response = await Http.GetAsync(Relative(path), cancellationToken).ConfigureAwait(false);
        await EnsureAcceptedAsync(response, "GET", path, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(ThreeCxJsonContext.Default.ThreeCxSystemParameters, cancellationToken).ConfigureAwait(false)
            ?? new ThreeCxSystemParameters(null, null, null);
    }

    public async Task<ThreeCxPhonesSettings> GetPhonesSettingsAsync(CancellationToken cancellationToken)
    {
        const string path = "/xapi/v1/PhonesSettings?$select=CustomDNDProfile";
        using var response = await Http.GetAsync(Relative(path), cancellationToken).ConfigureAwait(false);
        await EnsureAcceptedAsync(response, "GET", "/xapi/v1/PhonesSettings", cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(ThreeCxJsonContext.Default.ThreeCxPhonesSettings, cancellationToken).ConfigureAwait(false)
            ?? new ThreeCxPhonesSettings(null);
    }

    /// <summary>An OData string literal: single quotes, with embedded quotes doubled.</summary>
    internal static string ODataString(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>True when <paramref name="url"/> (absolute, or relative to it) points at the configured 3CX: the only place the token may go.</summary>
    internal bool IsOwnAddress(string url) =>
        Uri.TryCreate(options.Value.ThreeCX.BaseUrl, UriKind.Absolute, out var own)
        && Uri.TryCreate(own, url, out var target)
        && Uri.Compare(own, target, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private HttpClient Http => clients.CreateClient(ClientName);

    private static Uri Relative(string url) => new(url, UriKind.RelativeOrAbsolute);

    private async Task<ThreeCxPage<T>> GetPageAsync<T>(string url, string path, JsonTypeInfo<ThreeCxPage<T>> type, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(Relative(url), cancellationToken).ConfigureAwait(false);
        await EnsureAcceptedAsync(response, "GET", path, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false) ?? new ThreeCxPage<T>(null, null, null);
    }

    private async Task PatchUserAsync(int userId, JsonObject body, CancellationToken cancellationToken)
    {
        var path = $"/xapi/v1/Users({userId})";
        using var request = new HttpRequestMessage(HttpMethod.Patch, Relative(path))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Options.Set(ThreeCxLateWrites.UserId, userId);
        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureAcceptedAsync(response, "PATCH", path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Passes a success; turns a refusal that retrying cannot change into <see cref="ThreeCxRefusedException"/> with
    /// 3CX's own message; anything else (5xx, and 401, 408, 429, which the handlers already retried) is an outage.
    /// </summary>
    private static async Task EnsureAcceptedAsync(HttpResponseMessage response, string method, string path, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        if ((int)status is < 400 or >= 500 || status is HttpStatusCode.Unauthorized or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            response.EnsureSuccessStatusCode();
        }

        string? message = null;
        try
        {
            message = (await response.Content.ReadFromJsonAsync(ThreeCxJsonContext.Default.ThreeCxError, cancellationToken).ConfigureAwait(false))?.Error?.Message;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            // Not an OData error body; the status says enough.
        }

        throw new ThreeCxRefusedException(status, method, path, message);
    }
}

/// <summary>Every item of a 3CX collection, and how 3CX paged them.</summary>
internal sealed record ThreeCxList<T>(
    IReadOnlyList<T> Items, int? ReportedCount, int Asked, int FirstPage, int Requests, int NextLinksFollowed, int NextLinksRefused);

/// <summary>Every user 3CX listed, and how it paged them (for <c>pbx check</c> and the log).</summary>
/// <param name="ReportedCount">3CX's <c>@odata.count</c>, when it sent one.</param>
/// <param name="Asked">The page size asked for (<c>$top</c>).</param>
/// <param name="FirstPage">How many users the first page held: 3CX's own page size when below <paramref name="Asked"/>.</param>
/// <param name="NextLinksRefused">nextLinks pointing away from the configured 3CX, not followed.</param>
internal sealed record ThreeCxUserList(
    IReadOnlyList<ThreeCxUser> Users, int? ReportedCount, int Asked, int FirstPage, int Requests, int NextLinksFollowed, int NextLinksRefused);

/// <summary>
/// 3CX refused one request for a reason retrying will not change (400, 403, 404, 409, 422 …): the API client's role
/// lacks the user or its department, the user is gone, or 3CX rejects the body. The message names the request,
/// the status and 3CX's own message, and never carries a token.
/// </summary>
internal sealed class ThreeCxRefusedException(HttpStatusCode status, string method, string path, string? pbxMessage)
    : HttpRequestException(Describe(status, method, path, pbxMessage), null, status)
{
    private const int MaxMessage = 160;

    private static string Describe(HttpStatusCode status, string method, string path, string? pbxMessage)
    {
        var text = $"3CX refused {method} {path} with {(int)status} {status}";
        var shown = pbxMessage is null ? null : DisplayText.Shorten(string.Join(' ', pbxMessage.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)), MaxMessage).Trim();
        return string.IsNullOrEmpty(shown) ? text : $"{text}: {shown}";
    }
}
