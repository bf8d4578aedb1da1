namespace SnomPresence.Presence.Tests;

public class ExtensionTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("201")]
    [InlineData("0049")]
    [InlineData("1234567890123456")]
    public void TryParse_DigitsUpToSixteen_Accepts(string text)
    {
        Assert.True(Extension.TryParse(text, out var extension));
        Assert.Equal(text, extension.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345678901234567")]
    [InlineData("20a")]
    [InlineData(" 201")]
    [InlineData("+49")]
    [InlineData("٢٠١")] // Arabic-Indic digits are digits to char.IsDigit, not to a PBX.
    [InlineData("2<1")]
    public void TryParse_AnythingElse_Rejects(string? text)
    {
        Assert.False(Extension.TryParse(text, out _));
    }

    [Fact]
    public void Order_SortsNumerically()
    {
        var sorted = new[] { "100", "99", "1000", "101", "9" }.Select(Extension.Parse).Order(Extension.Order).Select(e => e.Value);
        Assert.Equal(["9", "99", "100", "101", "1000"], sorted);
    }
}

public class EnumIdsTests
{
    [Fact]
    public void StatusIds_AreTheStableOnes()
    {
        Assert.Equal(
            ["available", "away", "dnd", "lunch", "business-trip"],
            Enum.GetValues<PresenceStatus>().Select(EnumIds.Id));
    }

    [Fact]
    public void ForwardingKindIds_AreTheStableOnes()
    {
        Assert.Equal(
            ["none", "voicemail", "extension", "colleague-voicemail", "external", "busy", "queue", "ring-group", "ivr", "pbx"],
            Enum.GetValues<ForwardingKind>().Select(EnumIds.Id));
        Assert.Equal(["ring-first", "immediate"], Enum.GetValues<RouteType>().Select(EnumIds.Id));
        Assert.Equal(["pbx", "admin", "inventory"], Enum.GetValues<NameSource>().Select(EnumIds.Id));
    }

    [Theory]
    [InlineData("business-trip", PresenceStatus.BusinessTrip)]
    [InlineData("DND", PresenceStatus.Dnd)]
    public void TryParse_KnownId_IgnoresCase(string id, PresenceStatus expected)
    {
        Assert.True(EnumIds.TryParse<PresenceStatus>(id, out var status));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("BusinessTrip")]
    [InlineData("4")]
    public void TryParse_UnknownId_Fails(string? id)
    {
        Assert.False(EnumIds.TryParse<PresenceStatus>(id, out _));
    }
}

public class StatusLabelsTests
{
    [Fact]
    public void Label_Defaults_AreGermanAndEnglish()
    {
        var labels = new StatusLabels();
        Assert.Equal(
            ["Verfügbar", "Abwesend", "Nicht stören", "Zu Tisch", "Geschäftsreise"],
            Enum.GetValues<PresenceStatus>().Select(s => labels.Label(s, Language.De)));
        Assert.Equal(
            ["Available", "Away", "Do not disturb", "Lunch", "Business trip"],
            Enum.GetValues<PresenceStatus>().Select(s => labels.Label(s, Language.En)));
    }

    [Fact]
    public void Label_RenamedBusinessTrip_ShowsOfficeName()
    {
        var labels = new StatusLabels(new Dictionary<(PresenceStatus, Language), string> { [(PresenceStatus.BusinessTrip, Language.De)] = "Urlaub" });
        Assert.Equal("Urlaub", labels.Label(PresenceStatus.BusinessTrip, Language.De));
        Assert.Equal("Business trip", labels.Label(PresenceStatus.BusinessTrip, Language.En));
    }

    [Fact]
    public void ApplyPbxNames_NamesWithControlOrBrokenCharacters_AreShownWithoutThem()
    {
        var labels = new StatusLabels();
        labels.ApplyPbxNames("Mittag\u0007\r\n", "\uD83DUrlaub\uFFFF");

        Assert.Equal("Mittag", labels.Label(PresenceStatus.Lunch, Language.De));
        Assert.Equal("Urlaub", labels.Label(PresenceStatus.BusinessTrip, Language.En));

        labels.ApplyPbxNames("\u0001\u0002", null);
        Assert.Equal("Zu Tisch", labels.Label(PresenceStatus.Lunch, Language.De));
    }

    [Fact]
    public void ApplyPbxNames_OfficeNames_ReplaceDefaultsInBothLanguages_ButNotConfiguredOnes()
    {
        var labels = new StatusLabels(new Dictionary<(PresenceStatus, Language), string> { [(PresenceStatus.Lunch, Language.De)] = "Mittag" });

        labels.ApplyPbxNames("Pause", "Urlaub");

        Assert.Equal("Mittag", labels.Label(PresenceStatus.Lunch, Language.De));
        Assert.Equal("Pause", labels.Label(PresenceStatus.Lunch, Language.En));
        Assert.Equal("Urlaub", labels.Label(PresenceStatus.BusinessTrip, Language.De));
        Assert.Equal("Urlaub", labels.Label(PresenceStatus.BusinessTrip, Language.En));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Business Trip")]
    [InlineData("Custom 2")]
    public void ApplyPbxNames_3cxDefaultOrEmpty_KeepsOurLabel(string? name)
    {
        var labels = new StatusLabels();
        labels.ApplyPbxNames(null, "Urlaub");

        labels.ApplyPbxNames(null, name);

        Assert.Equal("Geschäftsreise", labels.Label(PresenceStatus.BusinessTrip, Language.De));
    }

    [Fact]
    public void Constructor_RenamingDnd_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            new StatusLabels(new Dictionary<(PresenceStatus, Language), string> { [(PresenceStatus.Dnd, Language.De)] = "Ruhe" }));
    }
}

public class ForwardingTests
{
    [Theory]
    [InlineData("+4917012345678")]
    [InlineData("017012345678")]
    [InlineData("112")]
    [InlineData("+12345678901234567890")]
    public void TryCreate_ExternalNumber_Accepts(string number)
    {
        Assert.True(ForwardingTarget.TryCreate(ForwardingKind.External, number, out var target, out _));
        Assert.Equal(ForwardingKind.External, target.Kind);
        Assert.Equal(number, target.Number);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("0170 123")]
    [InlineData("++49170")]
    [InlineData("49+170")]
    [InlineData("0170-1234")]
    [InlineData("123456789012345678901")]
    public void TryCreate_BadExternalNumber_RejectsWithReason(string? number)
    {
        Assert.False(ForwardingTarget.TryCreate(ForwardingKind.External, number, out _, out var error));
        Assert.Contains("phone number", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ForwardingKind.Extension)]
    [InlineData(ForwardingKind.ColleagueVoicemail)]
    public void TryCreate_ColleagueTargets_NeedAnExtension(ForwardingKind kind)
    {
        Assert.True(ForwardingTarget.TryCreate(kind, "202", out var target, out _));
        Assert.Equal("202", target.Number);
        Assert.False(ForwardingTarget.TryCreate(kind, "+49170", out _, out _));
        Assert.False(ForwardingTarget.TryCreate(kind, null, out _, out _));
    }

    [Theory]
    [InlineData(ForwardingKind.None)]
    [InlineData(ForwardingKind.Voicemail)]
    [InlineData(ForwardingKind.Busy)]
    public void TryCreate_TargetsWithoutNumber_RejectANumber(ForwardingKind kind)
    {
        Assert.True(ForwardingTarget.TryCreate(kind, null, out var target, out _));
        Assert.Null(target.Number);
        Assert.False(ForwardingTarget.TryCreate(kind, "202", out _, out var error));
        Assert.Contains("takes no number", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_FollowsTheArticle_BusyInternallyVoicemailExternally()
    {
        var settings = ForwardingSettings.Default;
        foreach (var status in new[] { PresenceStatus.Away, PresenceStatus.Dnd, PresenceStatus.Lunch, PresenceStatus.BusinessTrip })
        {
            Assert.Equal(RouteType.Immediate, settings.RouteOf(status));
            Assert.Equal(ForwardingTarget.BusySignal, settings.Get(status, ForwardingSlot.Internal));
            Assert.Equal(ForwardingTarget.OwnVoicemail, settings.Get(status, ForwardingSlot.External));
        }

        Assert.Equal(RouteType.RingFirst, settings.RouteOf(PresenceStatus.Available));
        Assert.Equal(ForwardingTarget.OwnVoicemail, settings.Get(PresenceStatus.Available, ForwardingSlot.NoAnswerInternal));
        Assert.Throws<ArgumentException>(() => settings.Get(PresenceStatus.Available, ForwardingSlot.Internal));
    }

    [Fact]
    public void Equals_ComparesContentNotDictionaryIdentity()
    {
        var a = ForwardingSettings.Default.With(PresenceStatus.Dnd, ForwardingSlot.Internal, ForwardingTarget.ToExtension(Extension.Parse("202")));
        var b = ForwardingSettings.Default.With(PresenceStatus.Dnd, ForwardingSlot.Internal, ForwardingTarget.ToExtension(Extension.Parse("202")))
            .With(PresenceStatus.Dnd, ForwardingSlot.External, ForwardingTarget.OwnVoicemail);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(ForwardingSettings.Default, a);
    }

    [Fact]
    public void WithRoute_LunchRingsFirst_HasTheRingFirstSlotsAtTheirDefaults_AndCountsAllAsChanged()
    {
        var before = ForwardingSettings.Default.With(PresenceStatus.Lunch, ForwardingSlot.Internal, ForwardingTarget.ToExtension(Extension.Parse("202")));

        var ringing = before.WithRoute(PresenceStatus.Lunch, RouteType.RingFirst);

        Assert.Equal(ForwardingSlots.For(RouteType.RingFirst), ringing.SlotsOf(PresenceStatus.Lunch));
        Assert.All(ringing.SlotsOf(PresenceStatus.Lunch), slot => Assert.Equal(ForwardingTarget.OwnVoicemail, ringing.Get(PresenceStatus.Lunch, slot)));
        Assert.Throws<ArgumentException>(() => ringing.Get(PresenceStatus.Lunch, ForwardingSlot.Internal));
        Assert.Equal(
            ForwardingSlots.For(RouteType.RingFirst).Select(slot => (PresenceStatus.Lunch, slot)),
            ringing.ChangedFrom(before).Places());
        Assert.Equal(ForwardingSettings.Default, ringing.WithRoute(PresenceStatus.Lunch, RouteType.Immediate));
    }

    [Theory]
    [InlineData(ForwardingKind.Queue, "800")]
    [InlineData(ForwardingKind.RingGroup, "700")]
    [InlineData(ForwardingKind.Ivr, "600")]
    public void KeptKinds_CarryANumber_AreKeptInPbx_AndAreNotSettable(ForwardingKind kind, string number)
    {
        Assert.True(ForwardingTarget.TryCreate(kind, number, out var target, out _));
        Assert.True(target.IsKeptInPbx);
        Assert.DoesNotContain(kind, ForwardingTarget.Settable);
        Assert.False(ForwardingTarget.TryCreate(kind, null, out _, out _));
        Assert.True(ForwardingTarget.AsSetInPbx.IsKeptInPbx);
        Assert.DoesNotContain(ForwardingKind.None, ForwardingTarget.Settable);
    }

    [Fact]
    public void ExtensionName_AdminWinsOverPbx_PbxOverInventory_AndNullRemovesOnlyItsOwnSource()
    {
        var admin = new ExtensionName("Chefin", NameSource.Admin);
        var inventory = new ExtensionName("Empfang", NameSource.Inventory);
        var pbx = ExtensionName.FromPbx("  ", "Erika", "Muster");

        Assert.Equal(new ExtensionName("Erika Muster", NameSource.Pbx), pbx);
        Assert.Equal(admin, ExtensionName.Merge(admin, pbx, NameSource.Pbx));
        Assert.Equal(pbx, ExtensionName.Merge(inventory, pbx, NameSource.Pbx));
        Assert.Equal(inventory, ExtensionName.Merge(inventory, null, NameSource.Pbx));
        Assert.Null(ExtensionName.Merge(pbx, null, NameSource.Pbx));
        Assert.Null(ExtensionName.FromPbx(null, "", " "));
        Assert.Equal("Erika Muster", ExtensionName.FromPbx(" Erika Muster\n", null, null)!.Text);
        Assert.Equal(ExtensionName.MaxLength, ExtensionName.FromPbx(new string('x', 200), null, null)!.Text.Length);
    }
}
