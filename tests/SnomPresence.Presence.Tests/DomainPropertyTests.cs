using System.Xml;
using CsCheck;
using SnomPresence.Tests.Shared;

namespace SnomPresence.Presence.Tests;

/// <summary>The domain's parsers over any input: they never throw, and what they accept reads back the same.</summary>
public sealed class DomainPropertyTests
{
    private const long Iterations = 2_000;

    [Fact]
    public void ExtensionTryParse_AnyText_AcceptsExactlyOneToSixteenAsciiDigitsAndKeepsThem()
    {
        InputGen.Extension.Sample(text =>
        {
            var accepted = Extension.TryParse(text, out var extension);
            Assert.Equal(text.Length is >= 1 and <= Extension.MaxLength && text.All(char.IsAsciiDigit), accepted);
            if (accepted)
            {
                Assert.Equal(text, extension.Value);
                Assert.Equal(extension, Extension.Parse(extension.ToString()));
            }
        }, iter: Iterations);
    }

    [Fact]
    public void MacAddressTryParse_AnyText_AcceptsExactlyTheDocumentedSpellings_AsTwelveUpperHexDigits()
    {
        var documented = new System.Text.RegularExpressions.Regex(
            "^(?:[0-9A-Fa-f]{12}|[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}(?:\\.[0-9A-Fa-f]{4}){2})$");
        int accepted = 0, refused = 0;
        InputGen.Mac.Sample(text =>
        {
            var parsed = MacAddress.TryParse(text, out var mac);
            Assert.Equal(documented.IsMatch(text), parsed);
            if (!parsed)
            {
                refused++;
                return;
            }

            accepted++;
            Assert.Matches("^[0-9A-F]{12}$", mac.Value);
            Assert.Equal(mac, MacAddress.Parse(mac.ToString()));
            Assert.Equal(mac.Value, new string([.. text.Where(char.IsAsciiHexDigit)]).ToUpperInvariant());
        }, iter: Iterations, threads: 1);

        Assert.True(accepted >= 50 && refused >= 20, $"{accepted} accepted, {refused} refused.");
    }

    [Fact]
    public void MacAddress_FormattedWithAnySeparator_ParsesBackToTheSameAddress()
    {
        Gen.Select(Gen.Char["0123456789ABCDEF"].Array[12], Gen.OneOf(":", "-", ""), Gen.Bool).Sample((hex, separator, lower) =>
        {
            var mac = MacAddress.Parse(new string(hex));
            var spelled = string.Join(separator, mac.Value.Chunk(2).Select(pair => new string(pair)));
            Assert.Equal(mac, MacAddress.Parse(lower ? spelled.ToLowerInvariant() : spelled));
        }, iter: Iterations);
    }

    [Fact]
    public void ForwardingTargetTryCreate_AnyKindAndNumber_NeverThrowsAndRebuildsItself()
    {
        Gen.Select(Gen.Enum<ForwardingKind>(), InputGen.ForwardingNumber.Null()).Sample((kind, number) =>
        {
            if (!ForwardingTarget.TryCreate(kind, number, out var target, out var error))
            {
                Assert.False(string.IsNullOrEmpty(error));
                return;
            }

            Assert.Equal(kind, target.Kind);
            Assert.True(ForwardingTarget.TryCreate(target.Kind, target.Number, out var again, out _));
            Assert.Equal(target, again);
            if (target.Number is { } stored)
            {
                // Whatever a target stores is digits with at most a leading +: safe in XML, URLs and 3CX fields.
                Assert.Matches(@"^\+?[0-9]{1,20}$", stored);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void ForwardingSettings_SetAnySlotOfAnyRoute_ReadsBackThatTargetAndLeavesTheOthers()
    {
        var routes = Gen.Enum<RouteType>().Array[5];
        var places = from status in Gen.Enum<PresenceStatus>()
                     from slot in Gen.Enum<ForwardingSlot>()
                     select (status, slot);
        var targets = Gen.Select(Gen.Enum<ForwardingKind>(), InputGen.ForwardingNumber)
            .Select(t => ForwardingTarget.TryCreate(t.Item1, t.Item2, out var target, out _) ? target : ForwardingTarget.Ring);
        Gen.Select(routes, places.Array[1, 6], targets.Array[6]).Sample((chosenRoutes, changes, chosen) =>
        {
            var settings = ForwardingSettings.Default;
            foreach (var status in Enum.GetValues<PresenceStatus>())
            {
                settings = settings.WithRoute(status, chosenRoutes[(int)status]);
            }

            var before = settings;
            var expected = new Dictionary<(PresenceStatus, ForwardingSlot), ForwardingTarget>();
            foreach (var ((status, slot), target) in changes.Zip(chosen).Where(c => settings.Has(c.First.status, c.First.slot)))
            {
                settings = settings.With(status, slot, target);
                expected[(status, slot)] = target;
            }

            var touched = settings.ChangedFrom(before);
            foreach (var status in Enum.GetValues<PresenceStatus>())
            {
                Assert.Equal(chosenRoutes[(int)status], settings.RouteOf(status));
                foreach (var slot in settings.SlotsOf(status))
                {
                    var target = expected.GetValueOrDefault((status, slot)) ?? ForwardingSettings.DefaultTarget(chosenRoutes[(int)status], slot);
                    Assert.Equal(target, settings.Get(status, slot));
                    // Exactly the slots whose target changed count as touched: what goes to 3CX and nothing else.
                    Assert.Equal(target != before.Get(status, slot), touched.Contains(status, slot));
                }
            }
        }, iter: Iterations);
    }

    [Fact]
    public void EnumIds_AnyText_ParsesOnlyTheIdsAndTheIdsRoundTrip()
    {
        Assert.All(Enum.GetValues<PresenceStatus>(), s => Assert.Equal(s, EnumIds.Parse<PresenceStatus>(EnumIds.Id(s))));
        Assert.All(Enum.GetValues<ForwardingKind>(), k => Assert.Equal(k, EnumIds.Parse<ForwardingKind>(EnumIds.Id(k))));
        Assert.All(Enum.GetValues<ForwardingSlot>(), s => Assert.Equal(s, EnumIds.Parse<ForwardingSlot>(EnumIds.Id(s))));
        Gen.OneOf(InputGen.Status, InputGen.Kind, InputGen.Slot).Sample(text =>
        {
            if (EnumIds.TryParse<PresenceStatus>(text, out var status))
            {
                Assert.Equal(EnumIds.Id(status), text, ignoreCase: true);
            }

            if (EnumIds.TryParse<ForwardingKind>(text, out var kind))
            {
                Assert.Equal(EnumIds.Id(kind), text, ignoreCase: true);
            }

            if (EnumIds.TryParse<ForwardingSlot>(text, out var slot))
            {
                Assert.Equal(EnumIds.Id(slot), text, ignoreCase: true);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void DisplayText_AnyText_CleansToPlainTextAndShortensWithoutSplittingAPair()
    {
        Gen.Select(InputGen.Text, Gen.Int[1, 40]).Sample((text, max) =>
        {
            var clean = DisplayText.Clean(text);
            Assert.True(DisplayText.IsPlain(clean));
            Assert.Equal(clean, XmlConvert.VerifyXmlChars(clean));
            Assert.DoesNotContain(clean, char.IsControl);
            Assert.Equal(DisplayText.IsPlain(text), clean == text);

            var shown = DisplayText.Shorten(text, max);
            Assert.True(DisplayText.IsPlain(shown));
            Assert.True(shown.Length <= max + 1);
            Assert.Equal(clean.Length <= max ? clean : clean[..(shown.Length - 1)] + "…", shown);
        }, iter: Iterations);
    }

    [Fact]
    public void StatusLabelsApplyPbxNames_AnyName_GivesLabelsThatFitOnADisplayAndInXml()
    {
        Gen.Select(InputGen.Text.Null(), InputGen.Text.Null()).Sample((lunch, trip) =>
        {
            var labels = new StatusLabels();
            labels.ApplyPbxNames(lunch, trip);
            foreach (var status in Enum.GetValues<PresenceStatus>())
            {
                foreach (var language in Enum.GetValues<Language>())
                {
                    var label = labels.Label(status, language);
                    Assert.False(string.IsNullOrWhiteSpace(label));
                    // One display line: no control characters; and XML can carry it: no lone surrogates, no U+FFFE/U+FFFF.
                    Assert.DoesNotContain(label, char.IsControl);
                    Assert.Equal(label, XmlConvert.VerifyXmlChars(label));
                }
            }
        }, iter: Iterations);
    }
}
