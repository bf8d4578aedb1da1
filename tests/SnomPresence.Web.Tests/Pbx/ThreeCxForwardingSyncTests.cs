using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests.Pbx;

/// <summary>Forwarding against a 3CX whose admin set things this service does not set, with profiles of either route type.</summary>
public class ThreeCxForwardingSyncTests
{
    [Fact]
    public async Task DestinationsThe3cxAdminSet_AreShownAsWhatTheyAre_AndAPhoneChangeWritesOnlyItsSlot()
    {
        using var pbx = new FakeThreeCx();
        var user = pbx.AddUser(42, "201");
        user.Route("Away")["Internal"] = FakeUser.Destination("Queue", "800", name: "Vertrieb", type: "Queue");
        user.Route("Away")["External"] = FakeUser.Destination("RingGroup", "700", name: "Zentrale", type: "RingGroup");
        user.Route("Out of office")["External"] = FakeUser.Destination("Deflect");
        user.Route("Custom 2")["Internal"] = FakeUser.Destination("Boomerang");
        user.Route("Available")["BusyExternal"] = FakeUser.Destination("IVR", "600", type: "IVR");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        // One poll at start and none after, so what the 3CX admin changes next is unknown here when the phone's change goes out.
        app.Settings["Pbx:ThreeCX:PollInterval"] = "00:10:00";
        using var phone = app.CreatePhoneClient();
        await SnomPresenceApp.EventuallyAsync(
            async () => (await app.GetStoredStateAsync("201"))?.Forwarding.Get(PresenceStatus.Away, ForwardingSlot.Internal).Kind == ForwardingKind.Queue,
            "the poll read the 3CX admin's destinations");

        var away = await PhonePage.GetAsync(phone, "/snom/forwarding?ext=201&status=away");
        var dnd = await PhonePage.GetAsync(phone, "/snom/forwarding?ext=201&status=dnd");
        var trip = await PhonePage.GetAsync(phone, "/snom/forwarding?ext=201&status=business-trip");
        var available = await PhonePage.GetAsync(phone, "/snom/forwarding?ext=201&status=available");
        var targets = await PhonePage.GetAsync(phone, "/snom/forwarding/target?ext=201&status=away&slot=internal");
        using var admin = app.CreateAdminClient();
        var api = await admin.GetFromJsonAsync<JsonElement>("/api/extensions/201/forwarding");

        Assert.Equal(["Intern: Warteschlange 800", "Extern: Gruppe 700"], away.MenuItems.Select(i => i.Name));
        // Deflect is no busy signal: it is whatever 3CX does with it.
        Assert.Equal(["Intern: Besetztzeichen", "Extern: wie in 3CX eingestellt"], dnd.MenuItems.Select(i => i.Name));
        Assert.Equal("Intern: wie in 3CX eingestellt", trip.MenuItems[0].Name);
        Assert.Equal("Besetzt extern: Sprachmenü 600", available.MenuItems[3].Name);
        Assert.Equal(
            [("» Warteschlange 800", true), ("Mailbox", false), ("Nebenstelle …", false), ("Mailbox Kollege …", false), ("Externe Nummer …", false), ("Besetztzeichen", false)],
            targets.MenuItems.Select(i => (i.Name, i.Selected)));
        Assert.Equal(("queue", "800"), (api.GetProperty("away").GetProperty("internal").GetProperty("kind").GetString(), api.GetProperty("away").GetProperty("internal").GetProperty("number").GetString()));
        Assert.Equal("pbx", api.GetProperty("dnd").GetProperty("external").GetProperty("kind").GetString());
        Assert.Equal("ivr", api.GetProperty("available").GetProperty("busy").GetProperty("external").GetProperty("kind").GetString());

        // The 3CX admin sets a fax meanwhile; then the user gives DND's internal calls to a colleague.
        user.Route("Custom 1")["External"] = FakeUser.Destination("Fax", "888", type: "Fax");
        var before = user.ForwardingProfiles.DeepClone().AsArray();
        var after = await PhonePage.GetAsync(phone, "/snom/forwarding/set?ext=201&status=dnd&slot=internal&kind=extension&number=202");
        await SnomPresenceApp.EventuallyAsync(() => pbx.Patches.Any(p => p.Body.ContainsKey("ForwardingProfiles")), "the change reached 3CX");

        Assert.Equal(["Intern: Nebenstelle 202", "Extern: wie in 3CX eingestellt"], after.MenuItems.Select(i => i.Name));
        var sent = Assert.Single(pbx.Patches).Body["ForwardingProfiles"]!.AsArray();
        var written = sent.Single(p => (string?)p!["Name"] == "Out of office")!["AwayRoute"]!.AsObject();
        Assert.Equal(("Extension", "202", true), ((string?)written["Internal"]!["To"], (string?)written["Internal"]!["Number"], (bool)written["AllHoursInternal"]!));
        // Everything but that one slot went back exactly as 3CX had it, the fax set after the last poll included.
        written["Internal"] = before.Single(p => (string?)p!["Name"] == "Out of office")!["AwayRoute"]!["Internal"]!.DeepClone();
        Assert.True(JsonNode.DeepEquals(before, sent), "the PATCH carried nothing but the touched slot");
        Assert.Equal("Fax", (string?)user.Route("Custom 1")["External"]!["To"]);
        Assert.Equal(("Queue", "RingGroup", "Deflect"), ((string?)user.Route("Away")["Internal"]!["To"], (string?)user.Route("Away")["External"]!["To"], (string?)user.Route("Out of office")["External"]!["To"]));
    }

    [Fact]
    public async Task AdminApi_KeptDestinationSentBackUnchanged_IsAccepted_AndANewOneIsRefusedNamingTheField()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201").Route("Away")["Internal"] = FakeUser.Destination("Queue", "800");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        app.Settings["Pbx:ThreeCX:PollInterval"] = "00:10:00";
        using var admin = app.CreateAdminClient();
        await SnomPresenceApp.EventuallyAsync(
            async () => (await app.GetStoredStateAsync("201"))?.Forwarding.Get(PresenceStatus.Away, ForwardingSlot.Internal).Kind == ForwardingKind.Queue,
            "the poll read the queue");

        var kept = await admin.PutAsJsonAsync("/api/extensions/201/forwarding/away", new
        {
            route = "immediate",
            @internal = new { kind = "queue", number = "800" },
            external = new { kind = "extension", number = "202" },
        });
        var newQueue = await admin.PutAsJsonAsync("/api/extensions/201/forwarding/away", new
        {
            @internal = new { kind = "queue", number = "801" },
            external = new { kind = "voicemail" },
        });
        var ring = await admin.PutAsJsonAsync("/api/extensions/201/forwarding/dnd", new { @internal = new { kind = "none" }, external = new { kind = "voicemail" } });
        var wrongRoute = await admin.PutAsJsonAsync("/api/extensions/201/forwarding/dnd", new { route = "ring-first", @internal = new { kind = "busy" }, external = new { kind = "voicemail" } });
        await pbx.WaitForOneWriteAsync("the accepted change reached 3CX");

        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, newQueue.StatusCode);
        Assert.Contains("internal.kind", (await newQueue.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        Assert.Contains("internal.kind", (await ring.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        Assert.Contains("route", (await wrongRoute.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(ForwardingTarget.ToExtension(Extension.Parse("202")), state!.Forwarding.Get(PresenceStatus.Away, ForwardingSlot.External));
        Assert.Equal(ForwardingKind.Queue, state.Forwarding.Get(PresenceStatus.Away, ForwardingSlot.Internal).Kind);
        Assert.Equal(("Queue", "Extension"), ((string?)pbx.User("201").Route("Away")["Internal"]!["To"], (string?)pbx.User("201").Route("Away")["External"]!["To"]));
    }

    [Fact]
    public async Task Custom1AvailableType_LunchOffersItsRingFirstSlots_ShowsRingThen_AndWritesIntoTheAvailableRoute()
    {
        using var pbx = new FakeThreeCx();
        var user = pbx.AddUser(42, "201", "Custom 1");
        user.MakeRingFirst("Custom 1")["NoAnswerInternal"] = FakeUser.Destination("Extension", "202", type: "Extension");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        app.Settings["Pbx:ThreeCX:PollInterval"] = "00:10:00";
        using var phone = app.CreatePhoneClient();
        await SnomPresenceApp.EventuallyAsync(
            async () => (await app.GetStoredStateAsync("201"))?.Forwarding.RouteOf(PresenceStatus.Lunch) == RouteType.RingFirst,
            "the poll read Custom 1's route");

        var status = await PhonePage.GetAsync(phone, "/snom/status?ext=201");
        var slots = await PhonePage.GetAsync(phone, "/snom/forwarding?ext=201&status=lunch");
        var immediateSlot = await PhonePage.GetAsync(phone, "/snom/forwarding/target?ext=201&status=lunch&slot=internal");
        var after = await PhonePage.GetAsync(phone, "/snom/forwarding/set?ext=201&status=lunch&slot=no-answer-external&kind=external&number=%2B4917012345678");
        await pbx.WaitForOneWriteAsync("the change reached 3CX");

        Assert.Equal(["Zu Tisch", "Intern: Klingeln, dann Nebenstelle 202", "Extern: Klingeln, dann Mailbox"], status.Lines.Take(3));
        Assert.Equal(
            ["K. Antwort intern: Nebenstelle 202", "K. Antwort extern: Mailbox", "Besetzt intern: Mailbox", "Besetzt extern: Mailbox", "Offline intern: Mailbox", "Offline extern: Mailbox"],
            slots.MenuItems.Select(i => i.Name));
        Assert.Equal("Fehler", immediateSlot.Title);
        Assert.Equal("K. Antwort extern: +4917012345678", after.MenuItems[1].Name);
        var lunch = user.ProfileNamed("Custom 1");
        Assert.Null(lunch["AwayRoute"]);
        Assert.Equal(("External", "+4917012345678"), ((string?)lunch["AvailableRoute"]!["NoAnswerExternal"]!["To"], (string?)lunch["AvailableRoute"]!["NoAnswerExternal"]!["External"]));
        Assert.Equal("202", (string?)lunch["AvailableRoute"]!["NoAnswerInternal"]!["Number"]);
    }

    [Fact]
    public async Task TargetsOffered_AreWhat3cxDoes_RingNowhere_OfficeHoursOnlyAndAllCallsReadAsTheyWork_AwayWritesAllHours()
    {
        using var pbx = new FakeThreeCx();
        var user = pbx.AddUser(42, "201", "Out of office");
        user.Route("Out of office")["AllHoursExternal"] = false;
        var available = user.Route("Available");
        available["NoAnswerAllCalls"] = true;
        available["NoAnswerInternal"] = FakeUser.Destination("VoiceMail", "201", type: "Extension");
        available["NoAnswerExternal"] = FakeUser.Destination("Extension", "202", type: "Extension");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        app.Settings["Pbx:ThreeCX:PollInterval"] = "00:10:00";
        using var phone = app.CreatePhoneClient();
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("201"))?.Status == PresenceStatus.Dnd, "the poll read 201");

        var dnd = await PhonePage.GetAsync(phone, "/snom/status?ext=201");
        var targets = await PhonePage.GetAsync(phone, "/snom/forwarding/target?ext=201&status=dnd&slot=external");
        var ringTargets = await PhonePage.GetAsync(phone, "/snom/forwarding/target?ext=201&status=available&slot=no-answer-internal");
        await PhonePage.GetAsync(phone, "/snom/forwarding/set?ext=201&status=dnd&slot=external&kind=busy");
        await pbx.WaitForOneWriteAsync("the change reached 3CX");
        await phone.GetAsync("/snom/action/dnd-off?ext=201");
        var availableScreen = await PhonePage.GetAsync(phone, "/snom/status?ext=201");

        Assert.Equal(["Nicht stören", "Intern: Besetztzeichen", "Extern: wie in 3CX eingestellt"], dnd.Lines.Take(3));
        var offered = new[] { "Mailbox", "Nebenstelle …", "Mailbox Kollege …", "Externe Nummer …", "Besetztzeichen" };
        Assert.Equal(["» wie in 3CX eingestellt", .. offered], targets.MenuItems.Select(i => i.Name));
        Assert.Equal(offered, ringTargets.MenuItems.Select(i => i.Name.TrimStart('»', ' ')));
        Assert.DoesNotContain(ringTargets.MenuItems, i => i.Name.Contains("Klingeln", StringComparison.Ordinal));
        var route = user.Route("Out of office");
        Assert.Equal(("None", true), ((string?)route["External"]!["To"], (bool)route["AllHoursExternal"]!));
        // NoAnswerAllCalls: internal callers go where external ones go, whatever NoAnswerInternal holds.
        Assert.Equal(["Verfügbar", "Intern: Klingeln, dann Nebenstelle 202", "Extern: Klingeln, dann Nebenstelle 202"], availableScreen.Lines.Take(3));
    }
}
