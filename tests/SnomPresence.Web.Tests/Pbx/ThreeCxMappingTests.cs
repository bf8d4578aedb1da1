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
        Assert.True(_map.TryGetStatus("out of office", null, out var status));
        Assert.Equal(PresenceStatus.Dnd, status);
        Assert.False(_map.TryGetStatus("Holiday", null, out _));
    }

    [Theory]
    [InlineData("Away", "Away", "PhonesSettings.CustomDNDProfile")]
    [InlineData("OutOfOffice2", "Custom 2", "PhonesSettings.CustomDNDProfile")]
    [InlineData("out of office", "Out of office", "PhonesSettings.CustomDNDProfile")]
    [InlineData("", "Out of office", "Pbx:ThreeCX:Profiles:dnd")]
    [InlineData(null, "Out of office", "Pbx:ThreeCX:Profiles:dnd")]
    [InlineData("Holiday", "Out of office", "Pbx:ThreeCX:Profiles:dnd")]
    public void ProfileMap_CustomDndProfile_NamesTheProfileOfDnd(string? custom, string profile, string source)
    {
        _map.UseDndProfile(custom);

        Assert.Equal(profile, _map.ProfileName(PresenceStatus.Dnd));
        Assert.Equal(source, _map.DndSource);
    }

    [Fact]
    public void ProfileMap_DndProfileSharedWithAway_KeepsTheCurrentOfTheTwo_ElseAway()
    {
        Assert.True(_map.UseDndProfile("Away"));

        Assert.True(_map.TryGetStatus("Away", PresenceStatus.Dnd, out var keptDnd));
        Assert.True(_map.TryGetStatus("Away", PresenceStatus.Available, out var fromElsewhere));
        Assert.Equal((PresenceStatus.Dnd, PresenceStatus.Away), (keptDnd, fromElsewhere));
        Assert.False(_map.TryGetStatus("Out of office", null, out _));
        Assert.False(_map.UseDndProfile("away"));
    }

    [Theory]
    [InlineData("Queue", "800", ForwardingKind.Queue, "800")]
    [InlineData("RingGroup", "700", ForwardingKind.RingGroup, "700")]
    [InlineData("IVR", "600", ForwardingKind.Ivr, "600")]
    [InlineData("Deflect", "", ForwardingKind.Pbx, null)]
    [InlineData("Boomerang", "", ForwardingKind.Pbx, null)]
    [InlineData("Fax", "888", ForwardingKind.Pbx, null)]
    [InlineData("Callback", "", ForwardingKind.Pbx, null)]
    [InlineData("RoutePoint", "999", ForwardingKind.Pbx, null)]
    [InlineData("ProceedWithNoExceptions", "", ForwardingKind.Pbx, null)]
    [InlineData("SomethingNewIn20.1", "", ForwardingKind.Pbx, null)]
    [InlineData("None", "", ForwardingKind.Busy, null)]
    [InlineData("VoiceMail", "201", ForwardingKind.Voicemail, null)]
    [InlineData("Extension", "202", ForwardingKind.Extension, "202")]
    [InlineData("VoiceMailOfDestination", "203", ForwardingKind.ColleagueVoicemail, "203")]
    public void Merge_EveryDestination_IsReadAsWhatItIs_DeflectIsNoBusy(string to, string number, ForwardingKind kind, string? expectedNumber)
    {
        var user = new FakeUser(42, "201");
        user.Route("Away")["External"] = FakeUser.Destination(to, number, name: "set by the 3CX admin");
        user.Route("Available")["BusyInternal"] = FakeUser.Destination(to, number);

        var merged = ThreeCxForwarding.Merge(ForwardingSettings.Default, user.ForwardingProfiles, _map);

        Assert.Equal((kind, expectedNumber), (merged.Get(PresenceStatus.Away, ForwardingSlot.External).Kind, merged.Get(PresenceStatus.Away, ForwardingSlot.External).Number));
        Assert.Equal(merged.Get(PresenceStatus.Away, ForwardingSlot.External), merged.Get(PresenceStatus.Available, ForwardingSlot.BusyInternal));
    }

    [Fact]
    public void Merge_ExternalDestination_ReadsTheNumber()
    {
        var user = new FakeUser(42, "201");
        user.Route("Custom 2")["External"] = FakeUser.Destination("External", external: "+4917012345678");

        var merged = ThreeCxForwarding.Merge(ForwardingSettings.Default, user.ForwardingProfiles, _map);

        Assert.Equal(Target(ForwardingKind.External, "+4917012345678"), merged.Get(PresenceStatus.BusinessTrip, ForwardingSlot.External));
        // 3CX "None" ends the call: our busy signal, the article's default for internal callers.
        Assert.Equal(ForwardingTarget.BusySignal, merged.Get(PresenceStatus.Dnd, ForwardingSlot.Internal));
    }

    [Fact]
    public void Merge_Custom1AvailableType_GivesLunchTheRingFirstRouteWithItsSlots()
    {
        var user = new FakeUser(42, "201");
        var lunch = user.MakeRingFirst("Custom 1");
        lunch["NoAnswerExternal"] = FakeUser.Destination("Queue", "800");
        var local = ForwardingSettings.Default.With(PresenceStatus.Lunch, ForwardingSlot.Internal, ForwardingTarget.ToExtension(Extension.Parse("202")));

        var merged = ThreeCxForwarding.Merge(local, user.ForwardingProfiles, _map);

        Assert.Equal(RouteType.RingFirst, merged.RouteOf(PresenceStatus.Lunch));
        Assert.Equal(ForwardingSlots.For(RouteType.RingFirst), merged.SlotsOf(PresenceStatus.Lunch));
        Assert.Equal(Target(ForwardingKind.Queue, "800"), merged.Get(PresenceStatus.Lunch, ForwardingSlot.NoAnswerExternal));
        Assert.Equal(ForwardingTarget.OwnVoicemail, merged.Get(PresenceStatus.Lunch, ForwardingSlot.NoAnswerInternal));
        Assert.Equal(RouteType.Immediate, merged.RouteOf(PresenceStatus.BusinessTrip));
    }

    [Fact]
    public void Merge_AwaySlotNotForAllHours_IsKeptAsSetInPbx()
    {
        var user = new FakeUser(42, "201");
        user.Route("Out of office")["AllHoursExternal"] = false;

        var merged = ThreeCxForwarding.Merge(ForwardingSettings.Default, user.ForwardingProfiles, _map);

        Assert.Equal(ForwardingTarget.AsSetInPbx, merged.Get(PresenceStatus.Dnd, ForwardingSlot.External));
        Assert.Equal(ForwardingTarget.BusySignal, merged.Get(PresenceStatus.Dnd, ForwardingSlot.Internal));
    }

    [Fact]
    public void Merge_AllCalls_InternalCallsTakeTheAllCallsDestination()
    {
        var user = new FakeUser(42, "201");
        var available = user.Route("Available");
        available["NoAnswerAllCalls"] = true;
        available["NoAnswerInternal"] = FakeUser.Destination("VoiceMail", "201");
        available["NoAnswerExternal"] = FakeUser.Destination("Extension", "202");

        var merged = ThreeCxForwarding.Merge(ForwardingSettings.Default, user.ForwardingProfiles, _map);

        Assert.Equal(ForwardingTarget.ToExtension(Extension.Parse("202")), merged.Get(PresenceStatus.Available, ForwardingSlot.NoAnswerInternal));
        Assert.Equal(ForwardingTarget.ToExtension(Extension.Parse("202")), merged.Get(PresenceStatus.Available, ForwardingSlot.NoAnswerExternal));
        Assert.Equal(ForwardingTarget.OwnVoicemail, merged.Get(PresenceStatus.Available, ForwardingSlot.BusyInternal));
    }

    [Fact]
    public void Apply_TouchedSlotOnly_EverythingElseGoesBackAsRead_AndAwaySlotsHoldAllHours()
    {
        var user = new FakeUser(42, "201");
        user.Route("Out of office")["AllHoursInternal"] = false;
        user.Route("Out of office")["External"] = FakeUser.Destination("Queue", "800", name: "Vertrieb");
        user.Route("Away")["Internal"] = FakeUser.Destination("Fax", "888");
        user.ProfileNamed("Out of office")["CustomMessage"] = "Bin im Termin";
        // Our side knows other targets in other slots (stale, or never delivered): none of them may go out.
        var local = ForwardingSettings.Default
            .With(PresenceStatus.Away, ForwardingSlot.Internal, ForwardingTarget.OwnVoicemail)
            .With(PresenceStatus.Available, ForwardingSlot.BusyExternal, ForwardingTarget.ToExtension(Extension.Parse("209")))
            .With(PresenceStatus.Dnd, ForwardingSlot.Internal, ForwardingTarget.ToExtension(Extension.Parse("202")));
        var before = user.ForwardingProfiles.DeepClone().AsArray();

        var (changed, unwritable) = ThreeCxForwarding.Apply(
            local, ForwardingSlotSet.Empty.With(PresenceStatus.Dnd, ForwardingSlot.Internal), user.ForwardingProfiles, _map, Own);

        Assert.True(changed);
        Assert.True(unwritable.IsEmpty);
        var dnd = user.Route("Out of office");
        Assert.Equal(("Extension", "202", "Extension", true), ((string?)dnd["Internal"]!["To"], (string?)dnd["Internal"]!["Number"], (string?)dnd["Internal"]!["Type"], (bool)dnd["AllHoursInternal"]!));
        dnd["Internal"] = before[2]!["AwayRoute"]!["Internal"]!.DeepClone();
        dnd["AllHoursInternal"] = false;
        Assert.True(JsonNode.DeepEquals(before, user.ForwardingProfiles), "only the touched slot and its AllHours flag changed");
    }

    [Fact]
    public void Apply_SameAsIn3cx_ChangesNothing_AndKeptOrRingTargetsAreNeverWritten()
    {
        var user = new FakeUser(42, "201");
        user.Route("Away")["External"] = FakeUser.Destination("Queue", "800");
        var local = ForwardingSettings.Default
            .With(PresenceStatus.Away, ForwardingSlot.External, Target(ForwardingKind.Queue, "800"))
            .With(PresenceStatus.Away, ForwardingSlot.Internal, ForwardingTarget.Ring)
            .With(PresenceStatus.Dnd, ForwardingSlot.Internal, ForwardingTarget.BusySignal);
        var before = user.ForwardingProfiles.DeepClone();
        var touched = ForwardingSlotSet.Empty
            .With(PresenceStatus.Away, ForwardingSlot.External)
            .With(PresenceStatus.Away, ForwardingSlot.Internal)
            .With(PresenceStatus.Dnd, ForwardingSlot.Internal);

        var (changed, _) = ThreeCxForwarding.Apply(local, touched, user.ForwardingProfiles, _map, Own);

        Assert.False(changed);
        Assert.True(JsonNode.DeepEquals(before, user.ForwardingProfiles));
    }

    [Fact]
    public void Apply_InternalWhileAllCalls_SplitsOffAndExternalCallsGoWhereTheyWent()
    {
        var user = new FakeUser(42, "201");
        var available = user.Route("Available");
        available["BusyAllCalls"] = true;
        available["BusyExternal"] = FakeUser.Destination("Extension", "202", type: "Extension");
        var local = ForwardingSettings.Default.With(PresenceStatus.Available, ForwardingSlot.BusyInternal, ForwardingTarget.BusySignal);

        ThreeCxForwarding.Apply(local, ForwardingSlotSet.Empty.With(PresenceStatus.Available, ForwardingSlot.BusyInternal), user.ForwardingProfiles, _map, Own);

        Assert.False((bool)available["BusyAllCalls"]!);
        Assert.Equal("None", (string?)available["BusyInternal"]!["To"]);
        Assert.Equal(("Extension", "202"), ((string?)available["BusyExternal"]!["To"], (string?)available["BusyExternal"]!["Number"]));
    }

    [Fact]
    public void Apply_ExternalWhileAllCalls_InternalCallsKeepTheOldAllCallsDestination()
    {
        var user = new FakeUser(42, "201");
        var available = user.Route("Available");
        available["NoAnswerAllCalls"] = true;
        available["NoAnswerExternal"] = FakeUser.Destination("Extension", "202", type: "Extension");
        var local = ForwardingSettings.Default.With(PresenceStatus.Available, ForwardingSlot.NoAnswerExternal, Target(ForwardingKind.External, "+4930123456"));

        ThreeCxForwarding.Apply(local, ForwardingSlotSet.Empty.With(PresenceStatus.Available, ForwardingSlot.NoAnswerExternal), user.ForwardingProfiles, _map, Own);

        Assert.False((bool)available["NoAnswerAllCalls"]!);
        Assert.Equal(("Extension", "202"), ((string?)available["NoAnswerInternal"]!["To"], (string?)available["NoAnswerInternal"]!["Number"]));
        Assert.Equal(("External", "+4930123456"), ((string?)available["NoAnswerExternal"]!["To"], (string?)available["NoAnswerExternal"]!["External"]));
        var merged = ThreeCxForwarding.Merge(local, user.ForwardingProfiles, _map);
        Assert.Equal(ForwardingTarget.ToExtension(Extension.Parse("202")), merged.Get(PresenceStatus.Available, ForwardingSlot.NoAnswerInternal));
    }

    [Fact]
    public void Apply_RouteIn3cxDiffersFromOurs_WritesNothingThereAndSaysSo()
    {
        var user = new FakeUser(42, "201");
        user.MakeRingFirst("Custom 1");
        var local = ForwardingSettings.Default.With(PresenceStatus.Lunch, ForwardingSlot.Internal, ForwardingTarget.ToExtension(Extension.Parse("202")));
        var touched = ForwardingSlotSet.Empty.With(PresenceStatus.Lunch, ForwardingSlot.Internal);
        var before = user.ForwardingProfiles.DeepClone();

        var (changed, unwritable) = ThreeCxForwarding.Apply(local, touched, user.ForwardingProfiles, _map, Own);

        Assert.False(changed);
        Assert.Equal(touched, unwritable);
        Assert.True(JsonNode.DeepEquals(before, user.ForwardingProfiles));
    }

    [Fact]
    public void ApplyThenMerge_EverySettableTargetInEverySlotOfBothRoutes_RoundTrips()
    {
        var settable = new[]
        {
            ForwardingTarget.OwnVoicemail, ForwardingTarget.BusySignal, ForwardingTarget.ToExtension(Extension.Parse("202")),
            ForwardingTarget.ToColleagueVoicemail(Extension.Parse("203")), Target(ForwardingKind.External, "+4917012345678"),
        };
        var user = new FakeUser(42, "201");
        user.MakeRingFirst("Custom 1");
        var local = ThreeCxForwarding.Merge(ForwardingSettings.Default, user.ForwardingProfiles, _map);
        var touched = ForwardingSlotSet.Empty;
        var i = 0;
        foreach (var status in Enum.GetValues<PresenceStatus>())
        {
            foreach (var slot in local.SlotsOf(status))
            {
                local = local.With(status, slot, settable[i++ % settable.Length]);
                touched = touched.With(status, slot);
            }
        }

        ThreeCxForwarding.Apply(local, touched, user.ForwardingProfiles, _map, Own);

        Assert.Equal(local, ThreeCxForwarding.Merge(ForwardingSettings.Default, user.ForwardingProfiles, _map));
    }

    private static ForwardingTarget Target(ForwardingKind kind, string number) =>
        ForwardingTarget.TryCreate(kind, number, out var target, out var error) ? target : throw new ArgumentException(error);
}
