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

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error,
        Message = "The change of {Extension} is parked: {PbxParkReason}. The others go on; it is sent again when the configuration changes or an admin asks (POST /api/extensions/{Extension}/pbx-retry)")]
    public static partial void DeliveryParked(ILogger logger, string extension, string pbxParkReason);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "{ParkedCount} parked change(s) put back in line for 3CX: {RetryCause}")]
    public static partial void ParkedRetried(ILogger logger, int parkedCount, string retryCause);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Reading the 3CX {PbxSetting} failed ({PbxError}); the poll goes on with what is known")]
    public static partial void SettingsReadFailed(ILogger logger, string pbxSetting, string pbxError);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "DND maps to the 3CX profile {PbxProfile} (from {PbxDndSource}; 3CX's CustomDNDProfile is '{PbxCustomDndProfile}')")]
    public static partial void DndProfile(ILogger logger, string pbxProfile, string pbxDndSource, string? pbxCustomDndProfile);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "3CX sent {NextLinksRefused} @odata.nextLink(s) to another address than Pbx:ThreeCX:BaseUrl; not followed, read on with $skip")]
    public static partial void NextLinkRefused(ILogger logger, int nextLinksRefused);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning,
        Message = "Forwarding of {Extension} not written to 3CX for {ForwardingSlots}: 3CX has no such profile or gives it another route now; the next poll shows 3CX's route")]
    public static partial void ForwardingUnwritable(ILogger logger, string extension, string forwardingSlots);

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

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning, Message = "3CX refused to list its groups; colleague groups from 3CX stay as they were: {PbxError}")]
    public static partial void GroupsRefused(ILogger logger, string pbxError);
}
