using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using SnomPresence.Presence;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Tests.Security;

public sealed class RateLimitTests
{
    private static SnomPresenceApp AppLimiting(string family, int permits)
    {
        var app = new SnomPresenceApp { RateLimited = true };
        app.Settings[$"RateLimits:{family}:PermitLimit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings[$"RateLimits:{family}:Window"] = "00:10:00";
        return app;
    }

    private static HttpClient From(HttpClient client, string address)
    {
        client.DefaultRequestHeaders.Add(SnomPresenceApp.RemoteAddressHeader, address);
        return client;
    }

    [Fact]
    public async Task Phone_OverItsLimit_Gets429WithRetryAfterAndAScreen_AndChangesNothing()
    {
        await using var app = AppLimiting("Phone", 3);
        using var phone = From(app.CreatePhoneClient(), "10.0.0.5");
        using var neighbour = From(app.CreatePhoneClient(), "::ffff:10.0.0.6");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/snom/action/dnd-on?ext=201")).StatusCode);
        }

        var response = await phone.GetAsync("/snom/action/dnd-off?ext=201&lang=en");
        var page = await PhonePage.ReadAsync(response, HttpStatusCode.TooManyRequests);

        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 600);
        Assert.Equal("Error", page.Title);
        Assert.Equal([$"Too many requests from this address. Please try again in {retryAfter} s."], page.Lines);
        Assert.Equal(PresenceStatus.Dnd, (await app.GetStoredStateAsync("201"))!.Status);
        Assert.Equal(HttpStatusCode.OK, (await neighbour.GetAsync("/snom/action/dnd-off?ext=202")).StatusCode);
        var logged = await app.Logs.WaitForAsync(e => e.EventId() == 7002);
        Assert.Equal("10.0.0.5", LogCapture.Scalar(logged, "ClientAddress"));
        Assert.Equal("RateLimits:Phone", LogCapture.Scalar(logged, "RateLimitKey"));
    }

    [Fact]
    public async Task Ipv6_CountsPerSlash64()
    {
        await using var app = AppLimiting("Phone", 2);
        using var first = From(app.CreatePhoneClient(), "2001:db8:1:2::1");
        using var sameNetwork = From(app.CreatePhoneClient(), "2001:db8:1:2:ffff::99");
        using var otherNetwork = From(app.CreatePhoneClient(), "2001:db8:1:3::1");

        await PhonePage.ReadAsync(await first.GetAsync("/snom/status?ext=201"));
        await PhonePage.ReadAsync(await first.GetAsync("/snom/status?ext=201"));

        Assert.Equal(HttpStatusCode.TooManyRequests, (await sameNetwork.GetAsync("/snom/status?ext=201")).StatusCode);
        await PhonePage.ReadAsync(await otherNetwork.GetAsync("/snom/status?ext=201"));
    }

    [Fact]
    public async Task AdminApi_OverItsLimit_Gets429ProblemDetails()
    {
        await using var app = AppLimiting("Admin", 2);
        using var admin = From(app.CreateAdminClient(), "192.0.2.10");

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/extensions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/phones")).StatusCode);
        var response = await admin.PutAsync("/api/extensions/201", null);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter is not null);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("Too many requests", problem.GetProperty("title").GetString());
        Assert.Contains("RateLimits:Admin", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await app.GetStoredStateAsync("201"));
    }

    [Fact]
    public async Task SignIn_AfterItsLimit_RefusesEvenTheRightKey_WithAReadablePage()
    {
        await using var app = AppLimiting("SignIn", 3);
        using var browser = From(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }), "192.0.2.20");
        using var colleague = From(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }), "192.0.2.21");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await AdminUi.AdminUiTests.PostSignInFormAsync(browser, "wrong-key-wrong-key-wrong")).StatusCode);
        }

        var refused = await AdminUi.AdminUiTests.PostSignInFormAsync(browser, SnomPresenceApp.ApiKey);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.Matches("Zu viele Anmeldeversuche von dieser Adresse. Bitte in (10|[1-9]) Minuten erneut versuchen.", await refused.Content.ReadAsStringAsync());
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AdminUi.AdminUiTests.PostSignInFormAsync(colleague, SnomPresenceApp.ApiKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync("/admin/")).StatusCode);
    }

    [Fact]
    public async Task WrongApiKeys_SpendTheSignInBudget_ThenEvenTheRightKeyIsRefusedFromThatAddress()
    {
        await using var app = AppLimiting("SignIn", 3);
        using var guesser = From(app.CreatePhoneClient(), "192.0.2.30");
        using var admin = From(app.CreateAdminClient(), "192.0.2.31");
        for (var i = 0; i < 3; i++)
        {
            using var guess = new HttpRequestMessage(HttpMethod.Get, "/api/extensions");
            guess.Headers.Add("X-Api-Key", $"guess-number-{i}-of-the-admin-key");
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.SendAsync(guess)).StatusCode);
        }

        using var right = new HttpRequestMessage(HttpMethod.Put, "/api/extensions/201");
        right.Headers.Add("X-Api-Key", SnomPresenceApp.ApiKey);
        var refused = await guesser.SendAsync(right);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.Contains("RateLimits:SignIn", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await app.GetStoredStateAsync("201"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/extensions/201", null)).StatusCode);
    }

    [Fact]
    public async Task Provisioning_OverItsLimit_Gets429WithRetryAfter()
    {
        await using var app = AppLimiting("Provisioning", 2).WithProvisioning();
        await app.AddPhoneAsync("000413A11FA7", "D785", "201");
        using var phone = From(app.CreateProvisioningClient(), "10.0.0.5");

        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/provisioning/snomD785.htm")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/provisioning/snomD785-000413A11FA7.htm")).StatusCode);
        var response = await phone.GetAsync("/provisioning/snomD785-000413A11FA7.htm");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task HealthAndMetrics_FromTheMonitoringNetwork_AreNeverLimited_WhateverEveryFamilyAllows()
    {
        await using var app = new SnomPresenceApp { RateLimited = true };
        foreach (var family in (string[])["Phone", "Provisioning", "Admin", "SignIn", "ProvisioningLogin", "Health"])
        {
            app.Settings[$"RateLimits:{family}:PermitLimit"] = "1";
            app.Settings[$"RateLimits:{family}:Window"] = "00:10:00";
        }

        using var monitor = From(app.CreatePhoneClient(), "127.0.0.1");
        // Every family's single request is spent first, from the same address.
        Assert.Equal(HttpStatusCode.TooManyRequests, await SecondAsync(monitor, "/snom/status?ext=201"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SecondAsync(monitor, "/api/extensions"));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await monitor.GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await monitor.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await monitor.GetAsync("/metrics")).StatusCode);
        }
    }

    [Fact]
    public async Task Readiness_FromElsewhere_IsLimitedAndSaysOnlyUpOrReady_LivenessIsNot()
    {
        await using var app = AppLimiting("Health", 2);
        using var stranger = From(app.CreatePhoneClient(), "10.0.0.5");
        using var monitor = From(app.CreatePhoneClient(), "127.0.0.1");

        var first = await stranger.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var said = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["status"], said.EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync("/health/ready")).StatusCode);

        var refused = await stranger.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync("/health/live")).StatusCode);
        var detailed = await monitor.GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.True(detailed.TryGetProperty("checks", out _));
    }

    /// <summary>Sends two requests; answers the status of the second.</summary>
    private static async Task<HttpStatusCode> SecondAsync(HttpClient client, string path)
    {
        await client.GetAsync(path);
        return (await client.GetAsync(path)).StatusCode;
    }

    [Fact]
    public void Defaults_PassValidation_AndLeaveRoomForAnOffice()
    {
        var defaults = new RateLimitsOptions();

        Assert.True(new RateLimitsOptionsValidator().Validate(null, defaults).Succeeded);
        Assert.True(defaults.Enabled);
        // 300 phones behind one address, each refreshing its status screen every 5 s.
        Assert.True(defaults.Phone.PermitLimit / defaults.Phone.Window.TotalSeconds >= 300 / 5.0);
        // A boot storm of 1,000 phones fetching two files each within a minute.
        Assert.True(defaults.Provisioning.PermitLimit / defaults.Provisioning.Window.TotalMinutes >= 2000);
        // Guessing a 16-character key at 10 tries per 10 minutes.
        Assert.True(defaults.SignIn.PermitLimit / defaults.SignIn.Window.TotalMinutes <= 1);
    }

    [Theory]
    [InlineData("RateLimits:Phone:PermitLimit", "0")]
    [InlineData("RateLimits:SignIn:Window", "00:00:00")]
    [InlineData("RateLimits:Admin:Window", "02:00:00")]
    [InlineData("RequestLimits:PhoneQueryLength", "10")]
    [InlineData("RequestLimits:ImportBodyBytes", "-1")]
    [InlineData("RequestLimits:RequestLineBytes", "2048")]
    public async Task Startup_BadLimit_FailsNamingTheKey(string key, string value)
    {
        await using var app = new SnomPresenceApp();
        app.Settings[key] = value;

        var error = await app.StartupErrorAsync();

        Assert.NotNull(error);
        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }
}
