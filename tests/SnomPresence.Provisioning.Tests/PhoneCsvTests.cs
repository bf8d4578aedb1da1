using CsCheck;
using SnomPresence.Presence;

namespace SnomPresence.Provisioning.Tests;

public class PhoneCsvTests
{
    [Fact]
    public void Read_SpreadsheetCsv_ReadsEveryRowWithItsFileLine()
    {
        var csv = "\uFEFFmodel,Extensions,mac,display_name,language,web_user,web_password\r\n"
            + "D785,201 202,000413A11FA7,\"Empfang, \"\"Zentrale\"\"\",de,admin,pw\r\n"
            + "\r\n"
            + "D385,  203 ,00:04:13:a1:1f:a8,Lager,,,\r\n"
            + "\r\n";
        var errors = new List<CsvError>();

        var rows = PhoneCsv.Read(csv, errors);

        Assert.Empty(errors);
        Assert.Equal([2, 4], rows.Select(r => r.Line));
        var first = rows[0].Fields;
        Assert.Equal("000413A11FA7", first.Mac);
        Assert.Equal("D785", first.Model);
        Assert.Equal(["201", "202"], first.Extensions!);
        Assert.Equal("Empfang, \"Zentrale\"", first.DisplayName);
        Assert.Equal("de", first.Language);
        Assert.Equal("admin", first.WebUser);
        Assert.Equal("pw", first.WebPassword);
        var second = rows[1].Fields;
        Assert.Equal("00:04:13:a1:1f:a8", second.Mac);
        Assert.Equal(["203"], second.Extensions!);
        Assert.Equal("", second.WebPassword);
    }

    [Fact]
    public void Read_SemicolonSeparated_SplitsOnSemicolons()
    {
        var csv = "mac;model;extensions;display_name\n000413A11FA7;D785;201;Müller, Anna\n000413A11FA8;D120;\"202 203\";\"Zentrale; Empfang\"\n";
        var errors = new List<CsvError>();

        var rows = PhoneCsv.Read(csv, errors);

        Assert.Empty(errors);
        Assert.Equal(2, rows.Count);
        Assert.Equal("Müller, Anna", rows[0].Fields.DisplayName);
        Assert.Equal(["202", "203"], rows[1].Fields.Extensions!);
        Assert.Equal("Zentrale; Empfang", rows[1].Fields.DisplayName);
        Assert.Null(rows[0].Fields.Language);
        Assert.Null(rows[0].Fields.WebPassword);
    }

    [Fact]
    public void Read_QuotedFieldOverSeveralLines_KeepsLaterLineNumbers()
    {
        var csv = "mac,model,extensions,display_name\n"
            + "000413A11FA7,D785,201,\"two\nlines\"\n"
            + "000413A11FA8,D785,202,\n"
            + "000413A11FA9,D785,203,x,extra\n";
        var errors = new List<CsvError>();

        var rows = PhoneCsv.Read(csv, errors);

        Assert.Equal([2, 4], rows.Select(r => r.Line));
        Assert.Equal("two\nlines", rows[0].Fields.DisplayName);
        var error = Assert.Single(errors);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void Read_RowWithWrongFieldCount_ReportsItsLine()
    {
        var csv = "mac,model,extensions\n000413A11FA7,D785,201\n\n000413A11FA8,D785\n000413A11FA9,D785,203,x\n";
        var errors = new List<CsvError>();

        var rows = PhoneCsv.Read(csv, errors);

        Assert.Equal([2], rows.Select(r => r.Line));
        Assert.Equal([(4, "row"), (5, "row")], errors.Select(e => (e.Line, e.Field)));
    }

    [Theory]
    [InlineData("mac,model,extensions,phone\n", "phone")]
    [InlineData("mac,model,extensions,MAC\n", "mac")]
    [InlineData("mac,extensions,display_name\n", "model")]
    [InlineData("model,extensions\n", "mac")]
    [InlineData("mac;model\n", "extensions")]
    // A column without a name (a trailing comma in the header) is named by its position.
    [InlineData("mac,model,extensions,\n", "column 4")]
    [InlineData("mac, ,model,extensions\n", "column 2")]
    public void Read_BadHeader_ReportsTheColumnOnLineOne(string csv, string column)
    {
        var errors = new List<CsvError>();

        var rows = PhoneCsv.Read(csv + "000413A11FA7,D785,201\n", errors);

        Assert.Empty(rows);
        var error = Assert.Single(errors);
        Assert.Equal(1, error.Line);
        Assert.Equal(column, error.Field);
    }

    [Fact]
    public void Read_UnclosedQuote_ReportsTheLineWhereItOpens()
    {
        var csv = "mac,model,extensions,display_name\n000413A11FA7,D785,201,ok\n000413A11FA8,D785,202,\"never closed\n000413A11FA9,D785,203,x\n";
        var errors = new List<CsvError>();

        var rows = PhoneCsv.Read(csv, errors);

        Assert.Empty(rows);
        var error = Assert.Single(errors);
        Assert.Equal((3, "row"), (error.Line, error.Field));
    }

    [Fact]
    public void Read_IntoAListWithEarlierErrors_StillReadsTheRows()
    {
        var errors = new List<CsvError> { new(99, "earlier", "from another check") };

        var rows = PhoneCsv.Read("mac,model,extensions\n000413A11FA7,D785,201\n", errors);

        Assert.Single(rows);
        Assert.Single(errors);
    }

    [Fact]
    public void Read_EmptyFile_IsAHeaderError()
    {
        var errors = new List<CsvError>();

        Assert.Empty(PhoneCsv.Read("\uFEFF", errors));

        var error = Assert.Single(errors);
        Assert.Equal(1, error.Line);
        Assert.Equal("header", error.Field);
    }

    [Fact]
    public void Write_ThenRead_KeepsEverythingButThePassword()
    {
        ProvisionedPhone[] phones =
        [
            TestData.Phone("D785", "201", "202") with { DisplayName = "Empfang, \"Zentrale\"; Müller" },
            new ProvisionedPhone(
                MacAddress.Parse("000413A11FA8"), PhoneModel.Parse("D120"), [Extension.Parse("203")], null, null, null, PhoneToken.New(), TestData.UpdatedAt),
        ];

        var csv = PhoneCsv.Write(phones);
        var errors = new List<CsvError>();
        var rows = PhoneCsv.Read(csv, errors);

        Assert.Empty(errors);
        Assert.DoesNotContain(TestData.WebPassword, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(TestData.Token, csv, StringComparison.Ordinal);
        Assert.Equal(2, rows.Count);
        Assert.Equal(new PhoneFields("000413A11FA7", "D785", null, "Empfang, \"Zentrale\"; Müller", "en", TestData.WebUser, ""), rows[0].Fields with { Extensions = null });
        Assert.Equal(["201", "202"], rows[0].Fields.Extensions!);
        Assert.Equal(new PhoneFields("000413A11FA8", "D120", null, "", "", "", ""), rows[1].Fields with { Extensions = null });
        Assert.Equal(["203"], rows[1].Fields.Extensions!);
    }

    [Fact]
    public void Write_StartsWithTheHeaderOfAllColumns()
    {
        var csv = PhoneCsv.Write([]);

        Assert.Equal("mac,model,extensions,display_name,language,web_user,web_password\r\n", csv);
    }

    [Fact]
    public void Write_ThenApply_RestoresThePhoneKeepingItsStoredPassword()
    {
        var phone = TestData.Phone("D785") with { DisplayName = "Empfang, \"Zentrale\"" };
        var row = Assert.Single(PhoneCsv.Read(PhoneCsv.Write([phone]), []));
        var errors = new Dictionary<string, string>();

        var restored = PhoneInput.Apply(row.Fields, phone, TestData.Shipped, TestData.UpdatedAt, errors);

        Assert.Empty(errors);
        Assert.NotNull(restored);
        Assert.Equal(phone.DisplayName, restored.DisplayName);
        Assert.Equal(phone.Extensions, restored.Extensions);
        Assert.Equal(phone.WebLogin, restored.WebLogin);
        Assert.Same(phone.Token, restored.Token);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/\")", "'=HYPERLINK(\"\"http://evil.example/\"\")")]
    [InlineData("+49 Empfang", "'+49 Empfang")]
    [InlineData("-Lager-", "'-Lager-")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("'=already", "''=already")]
    [InlineData("'Lager", "'Lager")]
    [InlineData("Empfang = Zentrale", "Empfang = Zentrale")]
    public void Write_CellThatWouldStartAFormula_GetsAnApostrophe_AndReadsBackAsItWas(string name, string cell)
    {
        var phone = TestData.Phone("D785") with { DisplayName = name, WebLogin = new PhoneWebLogin(name, "pw") };

        var csv = PhoneCsv.Write([phone]);

        var fields = csv.Split("\r\n")[1];
        Assert.Contains("," + (cell.Contains('"', StringComparison.Ordinal) ? "\"" + cell + "\"" : cell) + ",", fields, StringComparison.Ordinal);
        var row = Assert.Single(PhoneCsv.Read(csv, []));
        Assert.Equal(name, row.Fields.DisplayName);
        Assert.Equal(name, row.Fields.WebUser);
    }

    [Fact]
    public void GuardThenUnguard_GivesEveryValueBack() =>
        Gen.String[Gen.Char["'=+-@\t\rab, \""], 0, 8].Sample(value =>
        {
            Assert.Equal(value, CsvTable.Unguarded(CsvTable.Guarded(value)));
            var guarded = CsvTable.Guarded(value)!;
            Assert.False(guarded.Length > 0 && "=+-@\t\r".Contains(guarded[0], StringComparison.Ordinal), $"'{guarded}' starts a formula");
        });

    [Theory]
    [InlineData("mac", "mac")]
    [InlineData("displayName", "display_name")]
    [InlineData("webPassword", "web_password")]
    [InlineData("other", "other")]
    public void Column_MapsApiFieldNamesToCsvColumns(string field, string column)
    {
        Assert.Equal(column, PhoneCsv.Column(field));
    }
}
