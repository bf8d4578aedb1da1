namespace SnomPresence.Web.Tests.Pbx;

/// <summary><c>pbx check</c>, run as an admin runs it: the built service with its configuration, against a 3CX.</summary>
public sealed class PbxCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-pbx-check-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Check_PrintsWhatTheSyncReads_OneUsersForwarding_WritesNothing_AndExits0()
    {
        using var pbx = new FakeThreeCx { PageCap = 2, Custom1Name = "Mittag", CustomDndProfile = "Out of office" };
        var erika = pbx.AddUser(42, "201", "Custom 1");
        erika.DisplayName = "Erika Muster";
        var lunch = erika.MakeRingFirst("Custom 1");
        lunch["NoAnswerExternal"] = FakeUser.Destination("Queue", "800");
        lunch["NoAnswerAllCalls"] = true;
        pbx.AddUser(43, "202");
        pbx.AddUser(44, "203");

        var (exit, output, errors) = await RunAsync(pbx, "pbx", "check", "--ext", "201");

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{errors}");
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("Token: works", lines);
        Assert.Contains("Version: 20.0.10.0", lines);
        Assert.Contains("Custom status names: Custom1Name 'Mittag', Custom2Name 'Business Trip'", lines);
        Assert.Contains("CustomDNDProfile: 'Out of office'; dnd maps to 'Out of office' (from PhonesSettings.CustomDNDProfile)", lines);
        Assert.Contains("Users: 3 read (3 with an extension number), @odata.count 3", lines);
        Assert.Contains("Paging: asked 500 per page, 3CX answered 2 on the first page; 2 request(s), nextLink followed 0, refused (other host) 0", lines);
        Assert.Contains("Custom 1 (CustomName ''): ring-first", lines);
        Assert.Contains("Custom 2 (CustomName ''): immediate", lines);
        Assert.Contains("Extension 201: Id 42, name 'Erika Muster', profile 'Custom 1' (lunch), queue LoggedOut", lines);
        Assert.Contains(
            "lunch (Custom 1, ring-first): no-answer-internal queue 800, no-answer-external queue 800, busy-internal voicemail, busy-external voicemail, not-registered-internal voicemail, not-registered-external voicemail",
            lines);
        Assert.Contains(lines, l => l.StartsWith("as 3CX sent it: AvailableRoute NoAnswerAllCalls=true", StringComparison.Ordinal));
        Assert.Equal("Result: OK, everything the service needs is there", lines.Last(l => l.Length > 0));
        Assert.All(pbx.Requests, r => Assert.True(r.Method == "GET" || r.Path == "/connect/token", $"{r.Method} {r.Path} writes"));
    }

    [Fact]
    public async Task Check_ProfileTheConfigurationNamesIsMissing_AndAnUnknownExtension_Exit1WithTheReasons()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");

        var (exit, output, _) = await RunAsync(pbx, "pbx", "check", "--ext", "299", "--Pbx:ThreeCX:Profiles:lunch=Lunch");

        Assert.Equal(1, exit);
        var result = output.Split('\n', StringSplitOptions.TrimEntries).Last(l => l.Length > 0);
        Assert.StartsWith("Result: FAILED: ", result, StringComparison.Ordinal);
        Assert.Contains("3CX has no user with extension 299", result, StringComparison.Ordinal);
        Assert.Contains("lunch maps to the 3CX profile 'Lunch', which user 201 does not have", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_RefusedCredentials_Exit1SayingSo_WithoutTheSecret()
    {
        using var pbx = new FakeThreeCx { RejectCredentials = true };

        var (exit, output, errors) = await RunAsync(pbx, "pbx", "check");

        Assert.Equal(1, exit);
        Assert.Contains("Token: FAILED (3CX refused the API credentials (HTTP 401)", output, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeThreeCx.ClientSecret, output + errors, StringComparison.Ordinal);
        Assert.DoesNotContain(pbx.Requests, r => r.Path.StartsWith("/xapi/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pbx")]
    [InlineData("pbx", "check", "--ext")]
    [InlineData("pbx", "check", "--ext", "2a")]
    [InlineData("pbx", "write")]
    public async Task Check_BadUsage_Exit2WithTheUsage(params string[] args)
    {
        using var pbx = new FakeThreeCx();

        var (exit, _, errors) = await RunAsync(pbx, args);

        Assert.Equal(2, exit);
        Assert.Contains("pbx check [--ext N]", errors, StringComparison.Ordinal);
        Assert.Empty(pbx.Requests);
    }

    private Task<(int Exit, string Output, string Errors)> RunAsync(FakeThreeCx pbx, params string[] args)
    {
        // Command-line settings come after the command's own arguments, as an admin would add them.
        var commandArgs = args.TakeWhile(a => !a.StartsWith("--Pbx:", StringComparison.Ordinal)).ToArray();
        // The connection only: the standard timeouts, not the shrunk ones the sync tests use.
        var settings = pbx.ServiceSettings()
            .Where(s => s.Key is "Pbx:Provider" or "Pbx:ThreeCX:BaseUrl" or "Pbx:ThreeCX:ClientId" or "Pbx:ThreeCX:ClientSecret")
            .Select(s => $"--{s.Key}={s.Value}")
            .Concat(args.Skip(commandArgs.Length))
            .Append($"--Store:Sqlite:Path={Path.Combine(_folder, "presence.db")}");
        return ServiceProcess.RunToExitAsync("SnomPresence.Web", "SnomPresence.Web.dll", [.. commandArgs, .. settings]);
    }
}
