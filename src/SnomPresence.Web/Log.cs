using SnomPresence.Web.Phone;
using SnomPresence.Web.Security;

namespace SnomPresence.Web;

/// <summary>The service's repeated log events, with fixed ids so they can be filtered and alerted on.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Phone request rejected: {PhoneProblem} {PhoneValue}")]
    public static partial void PhoneRequestRejected(ILogger logger, PhoneProblemKind phoneProblem, string? phoneValue);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Phone request failed; the phone was shown an error screen")]
    public static partial void PhoneRequestFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Phone request refused with 403: {PhoneAccessDenial} (extension {Extension}, MAC {PhoneMac})")]
    public static partial void PhoneAccessDenied(ILogger logger, PhoneAccessDenial phoneAccessDenial, string extension, string? phoneMac);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Extension {Extension} is now {PresenceStatus} (version {PresenceVersion}, {ChangeKind} by {ChangeSource})")]
    public static partial void PresenceChanged(ILogger logger, string extension, string presenceStatus, long presenceVersion, string changeKind, string changeSource);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Expiring short-term statuses failed; retrying shortly")]
    public static partial void ExpiryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Pruned {HistoryEntriesRemoved} history entries and {AdminSessionsRemoved} expired admin sessions")]
    public static partial void StorePruned(ILogger logger, int historyEntriesRemoved, int adminSessionsRemoved);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Pruning history and admin sessions failed; trying again at the next interval")]
    public static partial void StorePruneFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Phone {PhoneId} of {Extension} told to set DND {PhoneDnd}")]
    public static partial void PushedDnd(ILogger logger, string extension, string phoneId, bool phoneDnd);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Push to phone {PhoneId} of {Extension} failed: {PushError}")]
    public static partial void PushFailed(ILogger logger, string extension, string phoneId, string pushError);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "DND {PhoneDnd} from phone {PhoneId} of {Extension} is the echo of a push; presence unchanged")]
    public static partial void EchoIgnored(ILogger logger, string extension, string phoneId, bool phoneDnd);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning,
        Message = "Phone {PhoneId} of {Extension} announced address {AnnouncedAddress} but called from {ClientAddress}; pushes go to {ClientAddress} only")]
    public static partial void PhoneAddressIgnored(ILogger logger, string extension, string phoneId, string announcedAddress, string clientAddress);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "Admin:ApiKey is not set, so the admin API at /api answers 401 to everything. Set it, e.g. with the environment variable Admin__ApiKey (at least 16 characters)")]
    public static partial void AdminApiDisabled(ILogger logger);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Admin API request rejected: {AdminAuthProblem}")]
    public static partial void AdminRequestRejected(ILogger logger, string adminAuthProblem);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Provisioning file {ProvisioningFile} served to phone {PhoneMac}")]
    public static partial void ProvisioningServed(ILogger logger, string provisioningFile, string? phoneMac);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Provisioning file {ProvisioningFile} asked for, but phone {PhoneMac} is not in the inventory")]
    public static partial void ProvisioningUnknownPhone(ILogger logger, string provisioningFile, string phoneMac);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Provisioning request for {ProvisioningFile} refused: {ProvisioningProblem}")]
    public static partial void ProvisioningRefused(ILogger logger, string provisioningFile, string provisioningProblem);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Phone {PhoneMac} is in the inventory as {InventoryModel} but asks as {PhoneModel}; served the {PhoneModel} settings")]
    public static partial void ProvisioningModelMismatch(ILogger logger, string phoneMac, string inventoryModel, string phoneModel);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Provisioning folder {ProvisioningFolder} updated: {PhonesWritten} written, {PhonesRemoved} removed")]
    public static partial void ProvisioningOutputUpdated(ILogger logger, int phonesWritten, int phonesRemoved, string provisioningFolder);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning,
        Message = "Provisioning files are not served: set Provisioning:HttpUser and Provisioning:HttpPassword (phones send them from http_client_user/http_client_pass), and serve over HTTPS")]
    public static partial void ProvisioningNotServed(ILogger logger);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Critical,
        Message = "Phones:RequireToken is false: ANYONE who can reach this service can change ANY extension's presence and forwarding. Use this only in a lab")]
    public static partial void PhoneTokensNotRequired(ILogger logger);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Information, Message = "Phone {PhoneMac} fetched its settings with its own login; the enrollment login no longer reaches it")]
    public static partial void ProvisioningEnrolled(ILogger logger, string phoneMac);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning,
        Message = "Phones:Push:AcceptAnyCertificate is true: pushes to phones are encrypted but the phones are not authenticated; anyone who can take over a phone's address receives its pushes. Prefer Phones:Push:TrustedCertificates")]
    public static partial void PushCertificatesUnchecked(ILogger logger);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Information, Message = "Provisioning templates loaded from {TemplateFolder}: {TemplateNames}")]
    public static partial void TemplatesLoaded(ILogger logger, string templateFolder, string templateNames);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "{RequestFamily} request from {ClientAddress} refused with 403: not in {AllowListKey}")]
    public static partial void NetworkRefused(ILogger logger, RequestFamily requestFamily, string clientAddress, string allowListKey);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning,
        Message = "{RequestFamily} request from {ClientAddress} refused with 429: more than {PermitLimit} in {RateLimitWindow} ({RateLimitKey})")]
    public static partial void RateLimited(ILogger logger, RequestFamily requestFamily, string clientAddress, int permitLimit, TimeSpan rateLimitWindow, string rateLimitKey);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning,
        Message = "{RequestFamily} request from {ClientAddress} refused: {RequestSize} over {RequestLimit} ({RequestLimitKey})")]
    public static partial void RequestTooLarge(ILogger logger, RequestFamily requestFamily, string clientAddress, string requestLimitKey, long requestSize, long requestLimit);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "{AllowListKey} lets only these networks in: {AllowedNetworks}")]
    public static partial void NetworksAllowed(ILogger logger, string allowListKey, string allowedNetworks);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "X-Forwarded-For and X-Forwarded-Proto are believed from these proxies only: {KnownProxies}")]
    public static partial void ProxiesTrusted(ILogger logger, string knownProxies);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "RateLimits:Enabled is false: nothing limits how often one address calls the service, sign-in included")]
    public static partial void RateLimitsOff(ILogger logger);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Listening on {ListenAddresses}: {ListenChoice}")]
    public static partial void Listening(ILogger logger, string listenAddresses, string listenChoice);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information,
        Message = "Stopping: no new connections; requests in flight have up to {ShutdownTimeout} (HostOptions:ShutdownTimeout) to finish, then the store is flushed")]
    public static partial void Stopping(ILogger logger, TimeSpan shutdownTimeout);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "The colleague lists stopped following changes; they read the store again with the next page")]
    public static partial void ColleagueDirectoryStopped(ILogger logger, Exception exception);
}
