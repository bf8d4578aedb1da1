using Microsoft.Extensions.Time.Testing;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests;

public class ShortTermMenuTests
{
    // 09:00 in Berlin.
    private static readonly DateTimeOffset Morning = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ShortTerm_MenuPath_SetsLunchForThirtyMinutesAndShowsUntil()
    {
        var time = new FakeTimeProvider(Morning);
        await using var app = new SnomPresenceApp { Time = time };
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-off?ext=201");

        var main = await PhonePage.GetAsync(phone, "/snom/menu?ext=201");
        var statuses = await PhonePage.GetAsync(phone, PhonePage.PathOf(main.MenuItems.Single(i => i.Name == "Kurzzeit-Status …").Url));
        var durations = await PhonePage.GetAsync(phone, PhonePage.PathOf(statuses.MenuItems.Single(i => i.Name == "Zu Tisch").Url));
        var status = await PhonePage.GetAsync(phone, PhonePage.PathOf(durations.MenuItems.Single(i => i.Name == "30 Minuten").Url));

        Assert.Equal(["Abwesend", "Nicht stören", "Zu Tisch", "Geschäftsreise"], statuses.MenuItems.Select(i => i.Name));
        Assert.Equal("Zu Tisch: wie lange?", durations.Title);
        Assert.Equal(
            ["15 Minuten", "30 Minuten", "1 Stunde", "2 Stunden", "bis Feierabend (17:00)", "Minuten eingeben …"],
            durations.MenuItems.Select(i => i.Name));
        Assert.Equal(["Zu Tisch", "Intern: Besetztzeichen", "Extern: Mailbox", "bis 09:30"], status.Lines);
        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(PresenceStatus.Lunch, state!.Status);
        Assert.Equal(Morning.AddMinutes(30), state.ExpiresAt);
    }

    [Fact]
    public async Task ShortTerm_UntilWorkdayEnd_ExpiresAtConfiguredLocalTime()
    {
        var time = new FakeTimeProvider(Morning);
        await using var app = new SnomPresenceApp { Time = time };
        app.Settings["Snom:WorkdayEnd"] = "16:30";
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-off?ext=201");

        var durations = await PhonePage.GetAsync(phone, "/snom/short?ext=201&status=business-trip");
        var status = await PhonePage.GetAsync(phone, PhonePage.PathOf(durations.MenuItems.Single(i => i.Name.StartsWith("bis Feierabend", StringComparison.Ordinal)).Url));

        Assert.Equal("bis 16:30", status.Lines[^1]);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 15, 30, 0, TimeSpan.Zero), (await app.GetStoredStateAsync("201"))!.ExpiresAt);
    }

    [Fact]
    public async Task ShortTerm_AfterWorkdayEnd_OffersNoWorkdayEndAndRefusesIt()
    {
        var time = new FakeTimeProvider(Morning.AddHours(10));
        await using var app = new SnomPresenceApp { Time = time };
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-off?ext=201");

        var durations = await PhonePage.GetAsync(phone, "/snom/short?ext=201&status=away");
        var refused = await PhonePage.GetAsync(phone, "/snom/set?ext=201&status=away&duration=workday-end");

        Assert.DoesNotContain(durations.MenuItems, i => i.Name.StartsWith("bis Feierabend", StringComparison.Ordinal));
        Assert.Equal(["Feierabend ist schon vorbei."], refused.Lines);
        Assert.Equal(PresenceStatus.Available, (await app.GetStoredStateAsync("201"))!.Status);
    }

    [Fact]
    public async Task ShortTerm_TypedMinutes_GoThroughAnInputPage()
    {
        var time = new FakeTimeProvider(Morning);
        await using var app = new SnomPresenceApp { Time = time };
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-off?ext=201");
        var durations = await PhonePage.GetAsync(phone, "/snom/short?ext=201&status=dnd");

        var input = await PhonePage.GetAsync(phone, PhonePage.PathOf(durations.MenuItems.Single(i => i.Name == "Minuten eingeben …").Url));
        var item = input.Root.Element("InputItem")!;
        var token = item.Element("InputToken")!.Value;
        var url = input.Root.Element("Url")!.Value;
        var status = await PhonePage.GetAsync(phone, PhonePage.PathOf(url.Replace(token, "45", StringComparison.Ordinal)));

        Assert.Equal("SnomIPPhoneInput", input.Root.Name.LocalName);
        Assert.Equal("Dauer in Minuten", item.Element("DisplayName")!.Value);
        Assert.Equal("n", item.Element("InputFlags")!.Value);
        Assert.Contains(token, url, StringComparison.Ordinal);
        Assert.Equal(["Nicht stören", "Intern: Besetztzeichen", "Extern: Mailbox", "bis 09:45"], status.Lines);
        Assert.Equal("DND aus", status.SoftKeys["F2"].Label);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1441")]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("")]
    public async Task Set_BadDuration_ShowsErrorAndChangesNothing(string duration)
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-off?ext=201");

        var page = await PhonePage.GetAsync(phone, "/snom/set?ext=201&status=lunch&duration=" + Uri.EscapeDataString(duration));

        Assert.Equal($"Ungültige Dauer \"{duration}\": 1 bis 1440 Minuten.", Assert.Single(page.Lines));
        Assert.Equal(PresenceStatus.Available, (await app.GetStoredStateAsync("201"))!.Status);
    }

    [Fact]
    public async Task Menus_InEnglish_WhenThePhoneSaysSo_AndLinksKeepTheLanguage()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-off?ext=201");

        var main = await PhonePage.GetAsync(phone, "/snom/menu?ext=201&lang=English");
        var shortTerm = await PhonePage.GetAsync(phone, PhonePage.PathOf(main.MenuItems.Single(i => i.Name == "Short-term status …").Url));
        var durations = await PhonePage.GetAsync(phone, PhonePage.PathOf(shortTerm.MenuItems.Single(i => i.Name == "Lunch").Url));

        Assert.Equal("Choose status", main.Title);
        Assert.All(main.MenuItems, i => Assert.EndsWith("&lang=en", i.Url, StringComparison.Ordinal));
        Assert.Equal("Lunch: how long?", durations.Title);
        Assert.Equal("15 minutes", durations.MenuItems[0].Name);
    }
}
