using Microsoft.Extensions.Logging;

namespace SnomPresence.Pbx;

/// <summary>PBX sync events. Never with tokens or the client secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Delivered {Extension} to 3CX as {PbxProfile} ({PbxChanges}, version {PresenceVersion})")]
    public static partial void Delivered(ILogger logger, string extension, string pbxProfile, string pbxChanges, long presenceVersion);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "3CX unreachable, delivery will be retried: {PbxError}; outbox depth {OutboxDepth}, oldest change waiting {OutboxOldestAgeSeconds:0} s")]
    public static partial void DeliveryFailed(ILogger logger, string pbxError, int outboxDepth, double outboxOldestAgeSeconds);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "3CX has no user with extension {Extension}; its change is dropped from the outbox")]
    public static partial void UnknownUser(ILogger logger, string extension);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "3CX rejected the change of {Extension} with HTTP {PbxStatusCode}; dropped from the outbox")]
    public static partial void DeliveryRejected(ILogger logger, string extension, int pbxStatusCode);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Polling 3CX failed: {PbxError}")]
    public static partial void PollFailed(ILogger logger, string pbxError);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "3CX user {Extension} has profile {PbxProfile}, which maps to no status")]
    public static partial void UnknownProfile(ILogger logger, string extension, string? pbxProfile);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "3CX sync recovered; outbox depth {OutboxDepth}")]
    public static partial void Recovered(ILogger logger, int outboxDepth);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "This instance now syncs with 3CX (holds the pbx-sync lease)")]
    public static partial void LeaseTaken(ILogger logger);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Warning, Message = "This instance no longer syncs with 3CX: another instance holds the pbx-sync lease")]
    public static partial void LeaseLost(ILogger logger);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Warning, Message = "Checking the pbx-sync lease failed: {PbxError}")]
    public static partial void LeaseCheckFailed(ILogger logger, string pbxError);
}
