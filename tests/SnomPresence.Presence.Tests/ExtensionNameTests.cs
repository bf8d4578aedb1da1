using Microsoft.Extensions.Time.Testing;

namespace SnomPresence.Presence.Tests;

public class ExtensionNameTests
{
    private static readonly Extension Ext = Extension.Parse("201");
    private readonly InMemoryPresenceStore _store = new();
    private readonly PresenceService _service;

    public ExtensionNameTests() => _service = new PresenceService(_store, new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("  Müller, Anna ", "Müller, Anna")]
    [InlineData("李小龍", "李小龍")]
    [InlineData("O'Brien & Söhne <Vertrieb>", "O'Brien & Söhne <Vertrieb>")]
    public void TryCreate_PlainName_IsTrimmedAndKept(string typed, string expected)
    {
        Assert.True(ExtensionName.TryCreate(typed, NameSource.Admin, out var name, out var error), error);
        Assert.Equal(new ExtensionName(expected, NameSource.Admin), name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("Anna\nMüller")]
    [InlineData("Anna\u0007")]
    [InlineData("Anna\u2028Müller")]
    public void TryCreate_EmptyOrControlCharacters_IsRefusedWithReason(string? typed)
    {
        Assert.False(ExtensionName.TryCreate(typed, NameSource.Admin, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void TryCreate_LongerThan64_IsRefusedNotCut()
    {
        Assert.True(ExtensionName.TryCreate(new string('a', 64), NameSource.Admin, out _, out _));
        Assert.False(ExtensionName.TryCreate(new string('a', 65), NameSource.Admin, out _, out var error));
        Assert.Contains("64", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetName_AdminThenPbxReport_AdminNameStays()
    {
        await _service.EnsureExtensionAsync(Ext, ChangeActor.Admin(), default);
        await _service.SetNameAsync(Ext, new ExtensionName("Müller, Anna", NameSource.Admin), NameSource.Admin, ChangeActor.Admin(), default);
        var seen = (await _store.GetAsync(Ext, default))!;

        var update = await _service.ApplyFromPbxAsync(seen, new PbxReport(seen.Status, seen.Forwarding, null, new ExtensionName("Anna Müller (3CX)", NameSource.Pbx)), default);

        Assert.Equal(UpdateOutcome.Unchanged, update.Outcome);
        Assert.Equal(new ExtensionName("Müller, Anna", NameSource.Admin), (await _store.GetAsync(Ext, default))!.Name);
    }

    [Fact]
    public async Task SetName_InventoryUnderPbxName_ChangesNothing_AndInventoryNameGivesWayToPbx()
    {
        await _service.EnsureExtensionAsync(Ext, ChangeActor.Admin(), default);
        var fromInventory = await _service.SetNameAsync(Ext, new ExtensionName("Empfang", NameSource.Inventory), NameSource.Inventory, ChangeActor.Admin("inventory"), default);
        Assert.Equal(UpdateOutcome.Changed, fromInventory.Outcome);
        var seen = fromInventory.State!;

        await _service.ApplyFromPbxAsync(seen, new PbxReport(seen.Status, seen.Forwarding, null, new ExtensionName("Erika Muster", NameSource.Pbx)), default);
        var again = await _service.SetNameAsync(Ext, new ExtensionName("Empfang 2", NameSource.Inventory), NameSource.Inventory, ChangeActor.Admin("inventory"), default);

        Assert.Equal(UpdateOutcome.Unchanged, again.Outcome);
        Assert.Equal(new ExtensionName("Erika Muster", NameSource.Pbx), (await _store.GetAsync(Ext, default))!.Name);
    }
}
