namespace SnomPresence.Web.Tests;

public class ConfigurationTests
{
    [Theory]
    [InlineData("Store:Provider", "Oracle", "Store:Provider")]
    [InlineData("Store:Sqlite:Path", "", "Store:Sqlite:Path")]
    [InlineData("Snom:StatusRefresh", "00:00:01", "Snom:StatusRefresh")]
    [InlineData("Snom:DndLed", "5", "Snom:DndLed")]
    [InlineData("Provisioning:Mode", "Both", "Provisioning:Mode")]
    [InlineData("Snom:DndLedColor", "purple", "Snom:DndLedColor")]
    [InlineData("Snom:PublicBaseUrl", "presence.example.de", "Snom:PublicBaseUrl")]
    [InlineData("Snom:TimeZone", "Mars/Olympus", "Snom:TimeZone")]
    [InlineData("Snom:Language", "fr", "Snom:Language")]
    [InlineData("Presence:Labels:dnd:de", "Ruhe", "Presence:Labels:dnd")]
    [InlineData("Presence:Labels:lunch:fr", "Déjeuner", "Presence:Labels:lunch:fr")]
    [InlineData("Presence:Labels:business-trip:de", "Eine sehr lange Geschäftsreise", "Presence:Labels:business-trip:de")]
    [InlineData("Presence:Labels:lunch:de", "Zu\u0007Tisch", "Presence:Labels:lunch:de")]
    [InlineData("Admin:ApiKey", "short", "Admin:ApiKey")]
    [InlineData("Phones:Push", "false", "Phones:Push:Enabled")]
    [InlineData("Phones:Push:Scheme", "ftp", "Phones:Push:Scheme")]
    [InlineData("Phones:Push:Port", "70000", "Phones:Push:Port")]
    [InlineData("Forwarding:BlockedPrefixes:0", "09x", "Forwarding:BlockedPrefixes:0")]
    [InlineData("Forwarding:CountryCode", "+49", "Forwarding:CountryCode")]
    [InlineData("History:Retention", "00:10:00", "History:Retention")]
    [InlineData("Admin:SessionLifetime", "30.00:00:00", "Admin:SessionLifetime")]
    [InlineData("HostOptions:ShutdownTimeout", "00:00:00", "HostOptions:ShutdownTimeout")]
    [InlineData("HostOptions:ShutdownTimeout", "soon", "HostOptions:ShutdownTimeout")]
    public async Task Startup_BadSetting_FailsNamingTheKey(string key, string value, string named)
    {
        await using var app = new SnomPresenceApp();
        app.Settings[key] = value;

        var error = await app.StartupErrorAsync();

        Assert.NotNull(error);
        Assert.Contains(named, Flatten(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Postgres", "Store:Postgres:ConnectionString", "", "Store:Postgres:ConnectionString")]
    [InlineData("Postgres", "Store:Postgres:ConnectionString", "Host=db;Password=hunter2-secret;Nonsense", "Store:Postgres:ConnectionString")]
    [InlineData("Redis", "Store:Redis:Configuration", "", "Store:Redis:Configuration")]
    [InlineData("Redis", "Store:Redis:KeyPrefix", "", "Store:Redis:KeyPrefix")]
    public async Task Startup_SharedStoreWithoutItsSettings_FailsNamingTheKey_NeverThePassword(string provider, string key, string value, string named)
    {
        await using var app = new SnomPresenceApp();
        app.Settings["Store:Provider"] = provider;
        app.Settings["Store:Redis:Configuration"] = "127.0.0.1:1";
        app.Settings[key] = value;

        var error = await app.StartupErrorAsync();

        Assert.NotNull(error);
        Assert.Contains(named, Flatten(error), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_UnreachablePostgres_FailsNamingTheKey()
    {
        await using var app = new SnomPresenceApp();
        app.Settings["Store:Provider"] = "Postgres";
        app.Settings["Store:Postgres:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=x;Username=u;Password=hunter2-secret;Timeout=2";

        var error = await app.StartupErrorAsync();

        Assert.NotNull(error);
        Assert.Contains("Store:Postgres:ConnectionString", Flatten(error), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", Flatten(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Pbx:Provider", "Asterisk", "Pbx:Provider")]
    [InlineData("Pbx:ThreeCX:BaseUrl", "", "Pbx:ThreeCX:BaseUrl")]
    [InlineData("Pbx:ThreeCX:BaseUrl", "pbx.example.de:5001", "Pbx:ThreeCX:BaseUrl")]
    [InlineData("Pbx:ThreeCX:ClientId", "", "Pbx:ThreeCX:ClientId")]
    [InlineData("Pbx:ThreeCX:ClientSecret", "", "Pbx:ThreeCX:ClientSecret")]
    [InlineData("Pbx:ThreeCX:PollInterval", "00:00:00.010", "Pbx:ThreeCX:PollInterval")]
    [InlineData("Pbx:ThreeCX:PageSize", "0", "Pbx:ThreeCX:PageSize")]
    [InlineData("Pbx:ThreeCX:Profiles:holiday", "Custom 3", "Pbx:ThreeCX:Profiles:holiday")]
    [InlineData("Pbx:ThreeCX:Profiles:lunch", "Away", "Pbx:ThreeCX:Profiles")]
    public async Task Startup_BadPbxSetting_FailsNamingTheKey(string key, string value, string named)
    {
        await using var app = new SnomPresenceApp();
        app.Settings["Pbx:Provider"] = "ThreeCX";
        app.Settings["Pbx:ThreeCX:BaseUrl"] = "https://pbx.example.de:5001";
        app.Settings["Pbx:ThreeCX:ClientId"] = "snompresence";
        app.Settings["Pbx:ThreeCX:ClientSecret"] = "secret-value";
        app.Settings[key] = value;

        var error = await app.StartupErrorAsync();

        Assert.NotNull(error);
        var message = Flatten(error);
        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_PbxNone_NeedsNoPbxSettingsAndReportsSyncOff()
    {
        await using var app = new SnomPresenceApp();
        using var client = app.CreateMonitorClient();

        var health = await client.GetStringAsync("/health/ready");

        Assert.Contains("PBX sync is off", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_StorePathBelowAFile_FailsNamingTheKey()
    {
        var blocker = Path.GetTempFileName();
        try
        {
            await using var app = new SnomPresenceApp();
            app.Settings["Store:Sqlite:Path"] = Path.Combine(blocker, "presence.db");

            var error = await app.StartupErrorAsync();

            Assert.Contains("Store:Sqlite:Path", Flatten(error!), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public async Task Startup_Defaults_CreateTheDatabaseFileAndServe()
    {
        await using var app = new SnomPresenceApp();
        using var client = app.CreateClient();

        var ready = await client.GetAsync("/health/ready");

        Assert.True(ready.IsSuccessStatusCode);
        Assert.True(File.Exists(app.DatabasePath));
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten))
            : error.Message + (error.InnerException is { } inner ? " | " + Flatten(inner) : string.Empty);
}
