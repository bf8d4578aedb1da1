using Microsoft.Extensions.Options;

namespace SnomPresence.Web.Security;

/// <summary>How the service sees its callers' addresses.</summary>
public sealed class NetworkOptions
{
    public const string SectionName = "Network";

    /// <summary>
    /// Reverse proxies (addresses or CIDRs) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed.
    /// Empty: those headers are ignored and the connection's address counts, so nobody can claim another address.
    /// </summary>
    public IList<string> KnownProxies { get; } = [];
}

internal sealed class NetworkOptionsValidator : IValidateOptions<NetworkOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkOptions options) =>
        NetworkList.TryParse(options.KnownProxies, "Network:KnownProxies", out _, out var error)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(error!);
}
