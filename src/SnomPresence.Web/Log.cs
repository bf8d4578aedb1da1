using SnomPresence.Web.Phone;

namespace SnomPresence.Web;

/// <summary>The service's repeated log events, with fixed ids so they can be filtered and alerted on.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Phone request rejected: {PhoneProblem} {PhoneValue}")]
    public static partial void PhoneRequestRejected(ILogger logger, PhoneProblemKind phoneProblem, string? phoneValue);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Phone request failed; the phone was shown an error screen")]
    public static partial void PhoneRequestFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Extension {Extension} is now {PresenceStatus} (version {PresenceVersion}, {ChangeKind} by {ChangeSource})")]
    public static partial void PresenceChanged(ILogger logger, string extension, string presenceStatus, long presenceVersion, string changeKind, string changeSource);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Expiring short-term statuses failed; retrying shortly")]
    public static partial void ExpiryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Phone {PhoneId} of {Extension} told to set DND {PhoneDnd}")]
    public static partial void PushedDnd(ILogger logger, string extension, string phoneId, bool phoneDnd);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Push to phone {PhoneId} of {Extension} failed: {PushError}")]
    public static partial void PushFailed(ILogger logger, string extension, string phoneId, string pushError);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "DND {PhoneDnd} from phone {PhoneId} of {Extension} is the echo of a push; presence unchanged")]
    public static partial void EchoIgnored(ILogger logger, string extension, string phoneId, bool phoneDnd);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "Admin:ApiKey is not set, so the admin API at /api answers 401 to everything. Set it, e.g. with the environment variable Admin__ApiKey (at least 16 characters)")]
    public static partial void AdminApiDisabled(ILogger logger);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Admin API request rejected: {AdminAuthProblem}")]
    public static partial void AdminRequestRejected(ILogger logger, string adminAuthProblem);
}
