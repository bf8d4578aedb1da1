namespace SnomPresence.Web.Tests;

public class LoggingTests
{
    [Fact]
    public async Task PhoneRequest_LogsOneCompletionLineWithTheExtension()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();

        await phone.GetAsync("/snom/action/dnd-on?ext=201&mac=000413A11FA7");

        var completion = await app.Logs.WaitForAsync(e => LogCapture.Scalar(e, "RequestPath") == "/snom/action/dnd-on");
        Assert.Equal("201", LogCapture.Scalar(completion, "Extension"));
        Assert.Equal("200", LogCapture.Scalar(completion, "StatusCode"));
        var change = await app.Logs.WaitForAsync(e => LogCapture.Scalar(e, "PresenceStatus") == "dnd");
        Assert.Single(app.Logs.Events, e => LogCapture.Scalar(e, "RequestPath") == "/snom/action/dnd-on");
        Assert.Equal("201", LogCapture.Scalar(change, "Extension"));
        Assert.Equal("phone", LogCapture.Scalar(change, "ChangeSource"));
    }

    [Fact]
    public async Task AdminRequests_NeverLogTheApiKey()
    {
        await using var app = new SnomPresenceApp();
        using var admin = app.CreateAdminClient();
        using var wrong = app.CreatePhoneClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "a-wrong-but-secret-key-value");

        await admin.PutAsync("/api/extensions/201", null);
        await wrong.GetAsync("/api/extensions");

        var rejected = await app.Logs.WaitForAsync(e => e.MessageTemplate.Text.StartsWith("Admin API request rejected", StringComparison.Ordinal));
        await app.Logs.WaitForAsync(e => LogCapture.Scalar(e, "RequestPath") == "/api/extensions" && LogCapture.Scalar(e, "StatusCode") == "401");
        Assert.Equal("the X-Api-Key header is wrong", LogCapture.Scalar(rejected, "AdminAuthProblem"));
        foreach (var logEvent in app.Logs.Events)
        {
            var rendered = logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + string.Join(' ', logEvent.Properties.Values) + logEvent.Exception;
            Assert.DoesNotContain(SnomPresenceApp.ApiKey, rendered, StringComparison.Ordinal);
            Assert.DoesNotContain("a-wrong-but-secret-key-value", rendered, StringComparison.Ordinal);
        }
    }
}
