using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Pbx.ThreeCx;

/// <summary>
/// The 3CX v20 Configuration API (XAPI) as the sync needs it, over the one named HttpClient that carries the
/// bearer token (<see cref="ThreeCxAuthHandler"/>) and the standard resilience handler (timeouts, retries with
/// Retry-After, circuit breaker). A singleton for its user-id cache; it takes a client from the factory per call
/// so handler rotation (DNS changes) keeps working.
/// </summary>
internal sealed class ThreeCxClient(IHttpClientFactory clients, IOptions<PbxOptions> options)
{
    public const string ClientName = "3cx-xapi";

    private const string UserFields = "Id,Number,CurrentProfileName,QueueStatus";

    private readonly ConcurrentDictionary<Extension, int> _userIds = new();

    /// <summary>The 3CX user id of an extension, from the cache or one filtered lookup; null when 3CX has no such user.</summary>
    public async Task<int?> FindUserIdAsync(Extension extension, CancellationToken cancellationToken)
    {
        if (_userIds.TryGetValue(extension, out var cached))
        {
            return cached;
        }

        var filter = Uri.EscapeDataString($"Number eq {ODataString(extension.Value)}");
        var page = await GetPageAsync($"/xapi/v1/Users?$filter={filter}&$select={UserFields}", cancellationToken).ConfigureAwait(false);
        var user = page.Value?.FirstOrDefault(u => u.Number == extension.Value);
        if (user is null)
        {
            return null;
        }

        _userIds[extension] = user.Id;
        return user.Id;
    }

    public void RememberUserId(Extension extension, int id) => _userIds[extension] = id;

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

    /// <summary>The user's five forwarding profiles as 3CX sent them, so a change can write back everything else untouched.</summary>
    public async Task<JsonArray> GetForwardingProfilesAsync(int userId, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(Relative($"/xapi/v1/Users({userId})/ForwardingProfiles"), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync(ThreeCxJsonContext.Default.JsonObject, cancellationToken).ConfigureAwait(false);
        return body?["value"] as JsonArray ?? [];
    }

    /// <summary>Writes the full profile list back (read-modify-write), as 3CX may drop profiles left out of a PATCH.</summary>
    public Task SetForwardingProfilesAsync(int userId, JsonArray profiles, CancellationToken cancellationToken) =>
        PatchUserAsync(userId, new JsonObject { ["ForwardingProfiles"] = profiles.DeepClone() }, cancellationToken);

    /// <summary>All users with their status and forwarding, page by page, following <c>@odata.nextLink</c> when 3CX sends one.</summary>
    public async Task<IReadOnlyList<ThreeCxUser>> ListUsersAsync(CancellationToken cancellationToken)
    {
        var pageSize = options.Value.ThreeCX.PageSize;
        var users = new List<ThreeCxUser>();
        var next = PageUrl(pageSize, 0);
        // A bound on pages guards against a PBX that keeps answering full pages with the same content.
        for (var pages = 0; next is not null && pages < 10_000; pages++)
        {
            var page = await GetPageAsync(next, cancellationToken).ConfigureAwait(false);
            var value = page.Value ?? [];
            users.AddRange(value);
            next = page.NextLink is { Length: > 0 } link ? link
                : value.Count == pageSize ? PageUrl(pageSize, users.Count)
                : null;
        }

        return users;
    }

    public async Task<ThreeCxSystemParameters> GetSystemParametersAsync(CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(Relative("/xapi/v1/Defs/Pbx.GetSystemParameters()"), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(ThreeCxJsonContext.Default.ThreeCxSystemParameters, cancellationToken).ConfigureAwait(false)
            ?? new ThreeCxSystemParameters(null, null);
    }

    /// <summary>An OData string literal: single quotes, with embedded quotes doubled.</summary>
    internal static string ODataString(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string PageUrl(int top, int skip) => string.Create(
        CultureInfo.InvariantCulture,
        $"/xapi/v1/Users?$select={UserFields}&$expand=ForwardingProfiles&$orderby=Id&$top={top}&$skip={skip}&$count=true");

    private HttpClient Http => clients.CreateClient(ClientName);

    private static Uri Relative(string url) => new(url, UriKind.RelativeOrAbsolute);

    private async Task<ThreeCxUserPage> GetPageAsync(string url, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(Relative(url), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(ThreeCxJsonContext.Default.ThreeCxUserPage, cancellationToken).ConfigureAwait(false)
            ?? new ThreeCxUserPage(null, null);
    }

    private async Task PatchUserAsync(int userId, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, Relative($"/xapi/v1/Users({userId})"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Options.Set(ThreeCxLateWrites.UserId, userId);
        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }
}
