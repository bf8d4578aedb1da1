using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SnomPresence.Pbx;
using SnomPresence.Pbx.ThreeCx;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests.Pbx;

public class ThreeCxMappingTests
{
    private static readonly Extension Own = Extension.Parse("201");
    private readonly ProfileMap _map = new(Options.Create(new PbxOptions()));

    [Theory]
    [InlineData("201", "'201'")]
    [InlineData("O'Brien", "'O''Brien'")]
    public void ODataString_QuotesAndDoublesQuotes(string value, string literal)
    {
        Assert.Equal(literal, ThreeCxClient.ODataString(value));
    }

    [Fact]
    public void ProfileMap_Defaults_FollowThe3cxProfileNames()
    {
        Assert.Equal(
            ["Available", "Away", "Out of office", "Custom 1", "Custom 2"],
            Enum.GetValues<PresenceStatus>().Select(_map.ProfileName));
        Assert.True(_map.TryGetStatus("out of office", out var status));
        Assert.Equal(PresenceStatus.Dnd, status);
        Assert.False(_map.TryGetStatus("Holiday", out _));
    }

    [Fact]
    public void Merge_3cxDestinations_BecomeOurTargets()
    {
        var user = new FakeUser(42, "201");
        var away = user.Route("Away");
        away["Internal"] = new JsonObject { ["To"] = "Extension", ["Number"] = "202" };
        away["External"] = new JsonObject { ["To"] = "External", ["External"] = "+4917012345678" };
        user.Route("Custom 2")["Internal"] = new JsonObject { ["To"] = "VoiceMailOfDestination", ["Number"] = "203" };
        user.Route("Custom 1")["External"] = new JsonObject { ["To"] = "Queue", ["Number"] = "800" };

        var merged = ThreeCxForwarding.Merge(ForwardingSettings.Default, user.ForwardingProfiles, _map);

        Assert.Equal(new ForwardingPair(ForwardingTarget.ToExtension(Extension.Parse("202")), Target(ForwardingKind.External, "+4917012345678")), merged.ForAway(PresenceStatus.Away));
        Assert.Equal(ForwardingTarget.ToColleagueVoicemail(Extension.Parse("203")), merged.ForAway(PresenceStatus.BusinessTrip).Internal);
        // A queue is nothing we can show: our target stays.
        Assert.Equal(ForwardingSettings.Default.ForAway(PresenceStatus.Lunch).External, merged.ForAway(PresenceStatus.Lunch).External);
        Assert.Equal(ForwardingTarget.OwnVoicemail, merged.Available.NoAnswer.Internal);
        // 3CX "None" is our busy signal, the article's default for internal callers.
        Assert.Equal(ForwardingTarget.BusySignal, merged.ForAway(PresenceStatus.Dnd).Internal);
    }

    [Fact]
    public void Apply_ThenMerge_RoundTripsAndTouchesOnlyChangedSlots()
    {
        var user = new FakeUser(42, "201");
        var local = ForwardingSettings.Default
            .WithAway(PresenceStatus.Dnd, new ForwardingPair(ForwardingTarget.ToExtension(Extension.Parse("202")), Target(ForwardingKind.External, "+4930123456")))
            with
        {
            Available = ForwardingSettings.Default.Available with { Busy = new ForwardingPair(ForwardingTarget.BusySignal, ForwardingTarget.ToColleagueVoicemail(Extension.Parse("204"))) },
        };
        var untouched = user.Route("Away").ToJsonString();

        var changed = ThreeCxForwarding.Apply(local, user.ForwardingProfiles, _map, Own);
        var again = ThreeCxForwarding.Apply(local, user.ForwardingProfiles, _map, Own);

        Assert.True(changed);
        Assert.False(again);
        Assert.Equal(untouched, user.Route("Away").ToJsonString());
        Assert.Equal("Extension", (string?)user.Route("Out of office")["Internal"]!["To"]);
        Assert.Equal("Extension", (string?)user.Route("Out of office")["Internal"]!["Type"]);
        Assert.Equal("VoiceMailOfDestination", (string?)user.Route("Available")["BusyExternal"]!["To"]);
        Assert.Equal(local, ThreeCxForwarding.Merge(local, user.ForwardingProfiles, _map));
    }

    [Fact]
    public void Merge_RingAndBusyBothTravelAsNone_NeverFlip()
    {
        var user = new FakeUser(42, "201");
        var local = ForwardingSettings.Default.WithAway(PresenceStatus.Dnd, new ForwardingPair(ForwardingTarget.Ring, ForwardingTarget.OwnVoicemail));

        ThreeCxForwarding.Apply(local, user.ForwardingProfiles, _map, Own);

        Assert.Equal(local, ThreeCxForwarding.Merge(local, user.ForwardingProfiles, _map));
    }

    private static ForwardingTarget Target(ForwardingKind kind, string number) =>
        ForwardingTarget.TryCreate(kind, number, out var target, out var error) ? target : throw new ArgumentException(error);
}
