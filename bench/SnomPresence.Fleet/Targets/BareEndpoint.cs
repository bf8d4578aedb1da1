namespace SnomPresence.Fleet.Targets;

/// <summary>
/// The ceiling to compare against: Kestrel answering a short text with nothing else in the pipeline, in its own
/// process so it gets the same share of the machine as the service.
/// </summary>
internal static class BareEndpoint
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", () => TypedResults.Text("OK"));
        await app.RunAsync();
    }

    public static Task<ChildProcess> StartAsync(string workDirectory) =>
        ChildProcess.StartAsync(typeof(BareEndpoint).Assembly.Location, ["bare"], workDirectory, Path.Combine(workDirectory, "bare.log"), "/");
}
