using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SnomPresence.Pbx.Sync;
using SnomPresence.Presence;

namespace SnomPresence.Pbx.ThreeCx;

/// <summary>
/// <c>pbx check</c>: reads from the configured 3CX what the sync relies on and prints it — version, token, users
/// and the page size 3CX really answers with, the profiles and their routes, the custom status names, the DND
/// profile, and one user's forwarding as the sync reads it. It only reads (GET, and the token request): nothing is
/// written to 3CX. True when everything the service needs is there.
/// </summary>
internal sealed class ThreeCxCheck(ThreeCxClient client, ThreeCxTokenProvider tokens, ProfileMap profiles, IOptions<PbxOptions> options)
{
    public async Task<bool> RunAsync(Extension? extension, TextWriter output, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var o = options.Value.ThreeCX;
        await output.WriteLineAsync($"3CX: {o.BaseUrl} (client {o.ClientId})").ConfigureAwait(false);

        try
        {
            await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync("Token: works").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync($"Token: FAILED ({ex.Message})").ConfigureAwait(false);
            return await ResultAsync(output, [$"no token: {ex.Message}"]).ConfigureAwait(false);
        }

        await TryAsync(output, "System parameters", async () =>
        {
            var parameters = await client.GetSystemParametersAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"Version: {parameters.Version ?? "(not given)"}").ConfigureAwait(false);
            await output.WriteLineAsync($"Custom status names: Custom1Name '{parameters.Custom1Name}', Custom2Name '{parameters.Custom2Name}'").ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        await TryAsync(output, "Phones settings", async () =>
        {
            var custom = (await client.GetPhonesSettingsAsync(cancellationToken).ConfigureAwait(false)).CustomDNDProfile;
            profiles.UseDndProfile(custom);
            await output.WriteLineAsync($"CustomDNDProfile: '{custom}'; dnd maps to '{profiles.ProfileName(PresenceStatus.Dnd)}' (from {profiles.DndSource})").ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        ThreeCxUserList list;
        try
        {
            list = await client.ListUsersAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return await ResultAsync(output, [$"the users cannot be read: {PbxSyncState.Describe(ex)} ({ex.Message})"]).ConfigureAwait(false);
        }

        var extensions = list.Users.Count(u => Extension.TryParse(u.Number, out _));
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Users: {list.Users.Count} read ({extensions} with an extension number), @odata.count {(list.ReportedCount is { } count ? count.ToString(CultureInfo.InvariantCulture) : "not sent")}")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Paging: asked {list.Asked} per page, 3CX answered {list.FirstPage} on the first page; {list.Requests} request(s), nextLink followed {list.NextLinksFollowed}, refused (other host) {list.NextLinksRefused}")).ConfigureAwait(false);
        if (extensions == 0)
        {
            problems.Add("3CX lists no user with an extension number: check the API client's department and role");
        }

        // The profiles are checked on the user asked about, else on the first one listed.
        var user = list.Users.FirstOrDefault(u => Extension.TryParse(u.Number, out _));
        if (extension is { } ext)
        {
            var asked = await client.FindUserAsync(ext, expandProfiles: true, cancellationToken).ConfigureAwait(false);
            if (asked is null)
            {
                problems.Add($"3CX has no user with extension {ext}");
            }

            user = asked ?? user;
        }

        if (user?.ForwardingProfiles is { } forwarding)
        {
            await output.WriteLineAsync($"Profiles of user {user.Number}:").ConfigureAwait(false);
            foreach (var profile in forwarding.OfType<JsonObject>())
            {
                var route = ThreeCxForwarding.RouteOf(profile);
                await output.WriteLineAsync(
                    $"  {(string?)profile["Name"]} (CustomName '{(string?)profile["CustomName"]}'): {(route is { } r ? EnumIds.Id(r) : "UNKNOWN route (both or neither set)")}").ConfigureAwait(false);
            }

            foreach (var status in Enum.GetValues<PresenceStatus>())
            {
                if (ThreeCxForwarding.FindProfile(forwarding, profiles.ProfileName(status)) is null)
                {
                    problems.Add($"{EnumIds.Id(status)} maps to the 3CX profile '{profiles.ProfileName(status)}', which user {user.Number} does not have");
                }
            }
        }

        if (extension is { } shown && user?.Number == shown.Value)
        {
            await PrintUserAsync(user, output).ConfigureAwait(false);
        }

        return await ResultAsync(output, problems).ConfigureAwait(false);
    }

    private async Task PrintUserAsync(ThreeCxUser user, TextWriter output)
    {
        var known = profiles.TryGetStatus(user.CurrentProfileName, null, out var status);
        await output.WriteLineAsync(
            $"Extension {user.Number}: Id {user.Id}, name '{ExtensionName.FromPbx(user.DisplayName, user.FirstName, user.LastName)?.Text}', profile '{user.CurrentProfileName}' ({(known ? EnumIds.Id(status) : "no status")}), queue {user.QueueStatus}").ConfigureAwait(false);
        var profilesOfUser = user.ForwardingProfiles ?? [];
        var settings = ThreeCxForwarding.Merge(ForwardingSettings.Default, profilesOfUser, profiles);
        foreach (var each in Enum.GetValues<PresenceStatus>())
        {
            var slots = settings.SlotsOf(each).Select(slot => $"{EnumIds.Id(slot)} {Describe(settings.Get(each, slot))}");
            await output.WriteLineAsync($"  {EnumIds.Id(each)} ({profiles.ProfileName(each)}, {EnumIds.Id(settings.RouteOf(each))}): {string.Join(", ", slots)}").ConfigureAwait(false);
            if (ThreeCxForwarding.FindProfile(profilesOfUser, profiles.ProfileName(each)) is { } profile)
            {
                // The raw routes answer what docs/3cx.md lists to confirm (AllHours*, *AllCalls, destinations as 3CX names them).
                await output.WriteLineAsync($"    as 3CX sent it: AvailableRoute {Raw(profile["AvailableRoute"])}; AwayRoute {Raw(profile["AwayRoute"])}").ConfigureAwait(false);
            }
        }
    }

    private static string Describe(ForwardingTarget target) => target.Number is { } number ? $"{EnumIds.Id(target.Kind)} {number}" : EnumIds.Id(target.Kind);

    private static string Raw(JsonNode? route)
    {
        if (route is not JsonObject fields)
        {
            return "null";
        }

        return string.Join(", ", fields.Select(f => f.Value switch
        {
            JsonObject destination => $"{f.Key}={(string?)destination["To"]} {(string?)destination["Number"]}{(string?)destination["External"]}".TrimEnd(),
            var value => $"{f.Key}={value?.ToJsonString()}",
        }));
    }

    private static async Task TryAsync(TextWriter output, string what, Func<Task> read, CancellationToken cancellationToken)
    {
        try
        {
            await read().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The service carries on without these (configured names and DND profile), so they do not fail the check.
            await output.WriteLineAsync($"{what}: not readable ({ex.Message}); the service uses its configuration instead").ConfigureAwait(false);
        }
    }

    private static async Task<bool> ResultAsync(TextWriter output, List<string> problems)
    {
        if (problems.Count == 0)
        {
            await output.WriteLineAsync("Result: OK, everything the service needs is there").ConfigureAwait(false);
            return true;
        }

        await output.WriteLineAsync($"Result: FAILED: {string.Join("; ", problems)}").ConfigureAwait(false);
        return false;
    }
}
