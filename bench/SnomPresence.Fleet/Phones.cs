using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SnomPresence.Fleet.Load;
using SnomPresence.Fleet.Targets;

namespace SnomPresence.Fleet;

/// <summary>
/// The benchmark's office, as bench/run.sh has it: phone i is a D785 with extension 1000 + i and the MAC 000413
/// followed by the extension. Tokens are learned the way a phone learns its own: from its provisioning file.
/// </summary>
internal sealed partial class Phones
{
    public const int FirstExtension = 1000;

    private readonly string[] _tokens;

    private Phones(int count) => _tokens = new string[count];

    public int Count => _tokens.Length;

    public static string Extension(int index) => (FirstExtension + index).ToString(CultureInfo.InvariantCulture);

    public static string Mac(int index) => string.Create(CultureInfo.InvariantCulture, $"000413{FirstExtension + index:D6}");

    public static string ProvisioningFile(int index) => $"/provisioning/snomD785-{Mac(index)}.htm";

    public string Query(int index) => $"?ext={Extension(index)}&mac={Mac(index)}&token={_tokens[index]}";

    public string StatusUrl(int index) => "/snom/status" + Query(index);

    public string DndUrl(int index, bool on) => (on ? "/snom/action/dnd-on" : "/snom/action/dnd-off") + Query(index);

    /// <summary>Imports the phones as one CSV through the admin API.</summary>
    /// <returns>How long the import took.</returns>
    public static async Task<TimeSpan> ImportAsync(Service service, int count)
    {
        var csv = new StringBuilder("mac,model,extensions\n", count * 32);
        for (var i = 0; i < count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Mac(i)},D785,{Extension(i)}\n");
        }

        using var client = new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromMinutes(5) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/phones/import", UriKind.Relative))
        {
            Content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add("X-Api-Key", service.AdminKey);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The import of {count} phones failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Every phone fetches its provisioning file with the provisioning login, <paramref name="workers"/> at a time,
    /// and keeps the token from it: a boot storm, timed in <paramref name="latencies"/>.
    /// </summary>
    public static async Task<(Phones Phones, TimeSpan Took)> BootAsync(Service service, int count, int workers, Latencies latencies)
    {
        var phones = new Phones(count);
        using var client = LoadClient.Create(service.Address, workers);
        client.DefaultRequestHeaders.Authorization = service.ProvisioningLogin;
        var took = await ClosedLoop.RunAsync(count, workers, async i =>
        {
            var (ok, body) = await LoadClient.GetAsync(client, ProvisioningFile(i));
            if (!ok || Token().Match(body) is not { Success: true } token)
            {
                return false;
            }

            phones._tokens[i] = token.Groups[1].Value;
            return true;
        }, latencies);
        if (latencies.Errors > 0)
        {
            throw new InvalidOperationException($"{latencies.Errors} of {count} phones got no provisioning file with a token; see {service.Directory}/service.log.");
        }

        return (phones, took);
    }

    /// <summary>Every phone presses DND off once, so each extension has its stored presence before anything is measured.</summary>
    public async Task SetUpPresenceAsync(Service service, int workers)
    {
        using var client = LoadClient.Create(service.Address, workers);
        var latencies = new Latencies();
        await ClosedLoop.RunAsync(Count, workers, async i => (await LoadClient.GetAsync(client, DndUrl(i, on: false))).Ok, latencies);
        if (latencies.Errors > 0)
        {
            throw new InvalidOperationException($"{latencies.Errors} of {Count} phones could not press DND off; see {service.Directory}/service.log.");
        }
    }

    /// <summary>The tokens as the Lua table bench/phones.lua reads (BENCH_TOKENS), keyed by extension.</summary>
    public string WriteLuaTokens(string directory)
    {
        var lua = new StringBuilder("return {\n");
        for (var i = 0; i < Count; i++)
        {
            lua.Append(CultureInfo.InvariantCulture, $"  [{Extension(i)}] = \"{_tokens[i]}\",\n");
        }

        var path = Path.Combine(directory, "tokens.lua");
        File.WriteAllText(path, lua.Append("}\n").ToString());
        return path;
    }

    [GeneratedRegex(@"token=([A-Za-z0-9_\-]+)")]
    private static partial Regex Token();
}
