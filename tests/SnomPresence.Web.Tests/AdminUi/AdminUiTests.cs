using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests.AdminUi;

/// <summary>Sign-in, session cookie and anti-forgery rules of the admin pages, without a browser.</summary>
public sealed partial class AdminUiTests
{
    /// <summary>Signs in through the form as a browser would; answers the signed-in client and the page's anti-forgery token.</summary>
    public static async Task<(HttpClient Client, string Csrf)> SignInAsync(SnomPresenceApp app, string key = SnomPresenceApp.ApiKey)
    {
        // Over HTTPS, as admins should: the session cookie is Secure whenever the public address is https.
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });
        var response = await PostSignInFormAsync(client, key);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var board = await client.GetStringAsync("/admin/");
        return (client, CsrfInConfig().Match(board).Groups[1].Value);
    }

    /// <summary>Fetches the sign-in form and posts <paramref name="key"/> with its anti-forgery token, as a browser does.</summary>
    public static async Task<HttpResponseMessage> PostSignInFormAsync(HttpClient client, string key)
    {
        var token = TokenField().Match(await client.GetStringAsync("/admin/signin")).Groups[1].Value;
        return await client.PostAsync("/admin/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["key"] = key,
        }));
    }

    [Theory]
    [InlineData("/admin/")]
    [InlineData("/admin/board.json")]
    [InlineData("/admin/events")]
    [InlineData("/admin/preview/201")]
    [InlineData("/admin/phones")]
    public async Task AdminPages_WithoutSignIn_RedirectToTheSignInForm(string path)
    {
        await using var app = new SnomPresenceApp();
        await app.CreateExtensionAsync("201");
        using var client = app.CreatePhoneClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("/admin/signin?ReturnUrl=" + Uri.EscapeDataString(path), location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
    }

    [Fact]
    public async Task SignIn_WithAWrongKey_Is401AndSetsNoSession()
    {
        await using var app = new SnomPresenceApp();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var response = await PostSignInFormAsync(client, "wrong-key-wrong-key-wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Der Schlüssel ist falsch.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WithoutTheFormsToken_IsRefused()
    {
        await using var app = new SnomPresenceApp();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var response = await client.PostAsync("/admin/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = SnomPresenceApp.ApiKey }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/")).StatusCode);
    }

    [Fact]
    public async Task SignedInChange_NeedsThePagesToken_ACookieAloneChangesNothing()
    {
        await using var app = new SnomPresenceApp();
        await app.CreateExtensionAsync("201");
        var (client, csrf) = await SignInAsync(app);

        var forged = await client.PutAsJsonAsync("/api/extensions/201/status", new { status = "dnd" });

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(PresenceStatus.Available, (await app.GetStoredStateAsync("201"))!.Status);

        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/extensions/201/status") { Content = JsonContent.Create(new { status = "dnd" }) };
        request.Headers.Add("X-CSRF-Token", csrf);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        Assert.Equal(PresenceStatus.Dnd, (await app.GetStoredStateAsync("201"))!.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/extensions/201")).StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsTheSession_AlsoForACopyOfTheCookie()
    {
        await using var app = new SnomPresenceApp();
        var session = await SessionCookieAsync(app);
        using var client = CookieClient(app, session);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/board.json")).StatusCode);

        var response = await client.PostAsync("/admin/signout", null);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // The copy still sent as it was: the server no longer knows the session.
        using var replay = CookieClient(app, session);
        Assert.Equal(HttpStatusCode.Redirect, (await replay.GetAsync("/admin/board.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/extensions")).StatusCode);
    }

    [Fact]
    public async Task Session_EndsAfterItsLifetime_HoweverActive()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await using var app = new SnomPresenceApp { Time = clock };
        app.Settings["Admin:SessionLifetime"] = "02:00:00";
        using var client = CookieClient(app, await SessionCookieAsync(app));

        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/board.json")).StatusCode);
            clock.Advance(TimeSpan.FromMinutes(17));
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/board.json")).StatusCode);
    }

    [Fact]
    public async Task ChangedAdminKey_EndsEverySession()
    {
        await using var before = new SnomPresenceApp();
        var session = await SessionCookieAsync(before);
        await before.StopAsync();

        await using var after = new SnomPresenceApp(before.DataFolder);
        after.Settings["Admin:ApiKey"] = "a-new-admin-key-0123456789";
        using var replay = CookieClient(after, session);

        Assert.Equal(HttpStatusCode.Redirect, (await replay.GetAsync("/admin/board.json")).StatusCode);
    }

    [Fact]
    public async Task SessionCookie_SurvivesARestart_WithTheSameKey()
    {
        await using var before = new SnomPresenceApp();
        var session = await SessionCookieAsync(before);
        await before.StopAsync();

        await using var after = new SnomPresenceApp(before.DataFolder);
        using var replay = CookieClient(after, session);

        Assert.Equal(HttpStatusCode.OK, (await replay.GetAsync("/admin/board.json")).StatusCode);
    }

    [Theory]
    [InlineData("https://presence.example.de", true)]
    [InlineData(null, false)]
    public async Task SessionCookie_IsSecure_WheneverThePublicAddressIsHttps(string? publicBaseUrl, bool secure)
    {
        await using var app = new SnomPresenceApp();
        if (publicBaseUrl is not null)
        {
            app.Settings["Snom:PublicBaseUrl"] = publicBaseUrl;
        }

        // Plain HTTP, as from a TLS-terminating proxy that does not forward the scheme.
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("http://localhost") });

        var signedIn = await PostSignInWithCookiesAsync(client, await client.GetAsync("/admin/signin"));

        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("snompresence-admin=", StringComparison.Ordinal));
        Assert.Equal(secure, session.Split(';').Any(p => p.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase)));
        Assert.Contains(session.Split(';'), p => p.Trim().Equals("httponly", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Signs in as a browser would and answers the session cookie exactly as the browser would send it back.</summary>
    private static async Task<string> SessionCookieAsync(SnomPresenceApp app)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var signedIn = await PostSignInWithCookiesAsync(client, await client.GetAsync("/admin/signin"));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("snompresence-admin=", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> PostSignInWithCookiesAsync(HttpClient client, HttpResponseMessage form)
    {
        var token = TokenField().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/admin/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["key"] = SnomPresenceApp.ApiKey }),
        };
        post.Headers.Add("Cookie", string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        return await client.SendAsync(post);
    }

    private static HttpClient CookieClient(SnomPresenceApp app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    [Fact]
    public async Task Preview_OfAnExtensionWhosePhoneIsAProvisionedD785_LightsThatPhonesStatusKeyLed()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var token = await app.AddPhoneAsync("000413A11FA7", "D785", "201");
        using (var phone = app.CreatePhoneClient())
        {
            // The phone calls from its own address, so the service knows where it is and which phone serves 201.
            phone.DefaultRequestHeaders.Add(SnomPresenceApp.RemoteAddressHeader, "192.0.2.10");
            await phone.GetAsync($"/snom/action/dnd-on?ext=201&mac=000413A11FA7&token={token}");
        }

        var (client, _) = await SignInAsync(app);

        var preview = await PhonePage.ReadAsync(await client.GetAsync("/admin/preview/201"));

        Assert.Equal((6, "red", "on"), preview.Led);
    }

    [Fact]
    public async Task Preview_IsTheSnomXmlThePhoneGets()
    {
        await using var app = new SnomPresenceApp();
        using (var phone = app.CreatePhoneClient())
        {
            await phone.GetAsync("/snom/action/dnd-on?ext=201");
        }

        var (client, _) = await SignInAsync(app);

        var preview = await PhonePage.ReadAsync(await client.GetAsync("/admin/preview/201"));
        var menu = await PhonePage.ReadAsync(await client.GetAsync("/admin/preview/201?screen=menu"));

        Assert.Equal("Nebenstelle 201", preview.Title);
        Assert.Equal("Nicht stören", preview.Lines[0]);
        // The extension's phone is of unknown model here, so its page touches no LED, and neither does the preview.
        Assert.Null(preview.Led);
        Assert.Equal("DND aus", preview.SoftKeys["F2"].Label);
        Assert.Contains(menu.MenuItems, i => i.Selected && i.Name == "» Nicht stören");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/preview/999")).StatusCode);
    }

    [Fact]
    public async Task SessionCookie_IsReadOnAdminRoutesOnly_NotOnPhoneOrHealthRoutes()
    {
        var validated = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var app = new SnomPresenceApp
        {
            ConfigureServices = services => services.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(
                Web.AdminUi.AdminUiRegistration.Scheme,
                options => options.Events.OnValidatePrincipal = context =>
                {
                    validated.Enqueue(context.Request.Path);
                    return Task.CompletedTask;
                }),
        };
        var (client, _) = await SignInAsync(app);
        validated.Clear();

        // The browser sends the cookie everywhere; only the admin route has to read it.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/snom/status?ext=201")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/board.json")).StatusCode);

        Assert.Equal(["/admin/board.json"], validated);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("\"csrf\":\"([^\"]+)\"")]
    private static partial Regex CsrfInConfig();
}
