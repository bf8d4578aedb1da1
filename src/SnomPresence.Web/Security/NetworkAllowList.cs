using Microsoft.Extensions.Options;
using SnomPresence.Web.Hosting;
using SnomPresence.Web.Phone;
using SnomPresence.Web.Provisioning;

namespace SnomPresence.Web.Security;

/// <summary>The phone and provisioning allow-lists, parsed once at start-up (their options were validated before).</summary>
internal sealed class NetworkAllowList
{
    public NetworkAllowList(IOptions<PhonesOptions> phones, IOptions<ProvisioningOptions> provisioning, IOptions<MetricsOptions> metrics)
    {
        var scrapers = NetworkList.Parse(metrics.Value.AllowedNetworks, MetricsKey);
        Metrics = scrapers.IsEmpty ? NetworkList.Parse(["127.0.0.0/8", "::1"], MetricsKey) : scrapers;
        Phones = NetworkList.Parse(phones.Value.AllowedNetworks, PhonesKey);
        var own = NetworkList.Parse(provisioning.Value.AllowedNetworks, ProvisioningKey);
        Provisioning = own.IsEmpty ? Phones : own;
        ProvisioningSource = own.IsEmpty ? PhonesKey : ProvisioningKey;
    }

    public const string PhonesKey = "Phones:AllowedNetworks";
    public const string ProvisioningKey = "Provisioning:AllowedNetworks";
    public const string MetricsKey = "Metrics:AllowedNetworks";

    /// <summary>Never empty: without a configured list only this host may scrape.</summary>
    public NetworkList Metrics { get; }

    public NetworkList Phones { get; }

    public NetworkList Provisioning { get; }

    /// <summary>The key the provisioning list comes from: its own, or the phones' when it has none.</summary>
    public string ProvisioningSource { get; }
}

/// <summary>
/// Refuses phone and provisioning requests from outside their networks before anything else runs: a phone gets a
/// readable Snom screen with 403, a provisioning fetch a bare 403. Each refusal is logged with the address.
/// </summary>
internal sealed class NetworkAllowListMiddleware(RequestDelegate next, NetworkAllowList lists, Refusals refusals, ILogger<NetworkAllowList> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var family = RequestFamilies.Of(context);
        var (list, key) = family switch
        {
            RequestFamily.Phone => (lists.Phones, NetworkAllowList.PhonesKey),
            RequestFamily.Provisioning => (lists.Provisioning, lists.ProvisioningSource),
            RequestFamily.Metrics => (lists.Metrics, NetworkAllowList.MetricsKey),
            _ => (NetworkList.Empty, string.Empty),
        };
        if (list.Allows(RequestFamilies.ClientAddress(context)))
        {
            return next(context);
        }

        Log.NetworkRefused(logger, family, RequestFamilies.ClientAddressText(context), key);
        return refusals.WriteAsync(context, new Refusal(RefusalReason.NetworkDenied, StatusCodes.Status403Forbidden, $"This address is not in {key}."));
    }
}
