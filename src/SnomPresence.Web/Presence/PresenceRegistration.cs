using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Stores;

namespace SnomPresence.Web.Presence;

internal static class PresenceRegistration
{
    /// <summary>The presence domain on the configured store, plus the log of every change from any source.</summary>
    public static IHostApplicationBuilder AddPresence(this IHostApplicationBuilder builder)
    {
        // First, so the store's migration runs before any worker here reads from it: hosted services start in order.
        builder.AddPresenceStore();
        builder.Services.AddOptionsWithValidateOnStart<PresenceOptions, PresenceOptionsValidator>()
            .BindConfiguration(PresenceOptions.SectionName);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<PresenceOptions>>().Value.ToStatusLabels());
        builder.Services.TryAddSingleton<PresenceService>();
        builder.Services.AddOptionsWithValidateOnStart<ForwardingOptions, ForwardingOptionsValidator>().BindConfiguration(ForwardingOptions.SectionName);
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ForwardingOptions>>().Value.ToPolicy());
        builder.Services.AddHostedService<PresenceChangeLogger>();
        builder.Services.AddHostedService<PresenceExpiryWorker>();
        builder.Services.AddOptionsWithValidateOnStart<HistoryOptions, HistoryOptionsValidator>().BindConfiguration(HistoryOptions.SectionName);
        builder.Services.TryAddSingleton<StorePruneWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StorePruneWorker>());
        return builder;
    }
}

/// <summary>Logs each stored change once, whoever made it, from the change feed of the instance that stored it.</summary>
internal sealed class PresenceChangeLogger(IPresenceChangeFeed feed, ILogger<PresenceChangeLogger> logger) : BackgroundService
{
    private readonly PresenceSubscription _subscription = feed.Subscribe();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = _subscription;
        try
        {
            await foreach (var change in subscription.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                var state = change.Current;
                if (!change.FromOtherInstance && logger.IsEnabled(LogLevel.Information))
                {
                    Log.PresenceChanged(
                        logger, state.Extension.Value, EnumIds.Id(state.Status), state.Version, EnumIds.Id(change.Entry.Kind), EnumIds.Id(state.Source));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
