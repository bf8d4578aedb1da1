namespace SnomPresence.PhoneSimulator;

/// <summary>
/// The simulated phone's own web server, answering what SnomPresence sends a real phone: <c>dummy.htm?settings=save</c>
/// (here: <c>dnd_mode</c>) and <c>minibrowser.htm?url=</c> (open a page). No authentication: it is a lab tool.
/// </summary>
internal static class PhoneWebInterface
{
    public static WebApplication Build(SimulatedPhone phone, string listen)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{listen}");
        var app = builder.Build();
        app.MapGet("/dummy.htm", async (string? settings, string? dnd_mode, CancellationToken cancellationToken) =>
        {
            using var active = phone.Active();
            if (settings == "save" && dnd_mode is "on" or "off")
            {
                await phone.SetDndAsync(dnd_mode == "on", fromKey: false, cancellationToken).ConfigureAwait(false);
            }

            return TypedResults.Ok();
        });
        app.MapGet("/minibrowser.htm", (string? url) =>
        {
            using var active = phone.Active();
            if (!string.IsNullOrEmpty(url))
            {
                // Answer at once, as the phone does, and load the page afterwards.
                _ = Task.Run(() => phone.OpenAsync(url, CancellationToken.None));
            }

            return TypedResults.Ok();
        });
        return app;
    }
}
