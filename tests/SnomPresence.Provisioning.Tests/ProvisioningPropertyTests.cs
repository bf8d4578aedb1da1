using System.Text;
using System.Xml.Linq;
using CsCheck;
using SnomPresence.Presence;
using SnomPresence.Tests.Shared;

namespace SnomPresence.Provisioning.Tests;

/// <summary>
/// Inventory input and settings files over any input: whatever the checks accept renders to well-formed settings
/// for every template family with the values in place, and the CSV export reads back as what was exported.
/// </summary>
public sealed class ProvisioningPropertyTests
{
    private const long Iterations = 1_000;

    private static readonly Gen<PhoneFields> Fields = Gen.Select(
        InputGen.Mac,
        InputGen.Model,
        Gen.Frequency((6, InputGen.Digits.Array[1]), (2, InputGen.Extension.Array[0, 4])),
        InputGen.Text.Null(),
        InputGen.Language.Null(),
        Gen.Frequency((1, InputGen.Text), (1, Gen.Char.AlphaNumeric.Array[1, 10].Select(c => new string(c)))).Null(),
        InputGen.Text.Null(),
        (mac, model, extensions, name, language, user, password) => new PhoneFields(mac, model, extensions, name, language, user, password));

    /// <summary>Fields the checks accept, spelled as an admin would type them, and the phone they make.</summary>
    private static readonly Gen<(PhoneFields Fields, ProvisionedPhone Phone)> Accepted = Gen.Select(
        Gen.Char["0123456789ABCDEF"].Array[12].Select(c => new string(c)),
        Gen.OneOf(InputGen.Models),
        InputGen.Digits.Array[1, 3].Select(a => a.Distinct().ToArray()),
        InputGen.PlainText.Null(),
        Gen.OneOf("de", "en", "", null),
        InputGen.PlainText.Null(),
        InputGen.PlainText,
        (mac, model, extensions, name, language, user, password) => new PhoneFields(mac, model, extensions, name, language, user, password))
        .Select(fields => (fields, PhoneInput.Apply(fields, null, TestData.Shipped, TestData.UpdatedAt, new Dictionary<string, string>())))
        .Where(p => p.Item2 is not null)
        .Select(p => (p.fields, p.Item2!));

    [Fact]
    public void PhoneInputApply_AnyFields_EitherNamesTheBadFieldsOrGivesAPhoneWhoseSettingsAreWellFormedForEveryFamily()
    {
        Fields.Sample(fields =>
        {
            var errors = new Dictionary<string, string>();
            var phone = PhoneInput.Apply(fields, null, TestData.Shipped, TestData.UpdatedAt, errors);
            if (phone is null)
            {
                Assert.NotEmpty(errors);
                Assert.All(errors.Keys, field => Assert.Contains(field, new[] { "mac", "model", "extensions", "displayName", "language", "webUser", "webPassword" }));
                return;
            }

            Assert.Empty(errors);
            foreach (var model in InputGen.Models)
            {
                AssertSettingsCarry(phone with { Model = PhoneModel.Parse(model) });
            }
        }, iter: Iterations);
    }

    [Fact]
    public void PhoneInputApply_AcceptedValues_AreStoredInTheirDocumentedForm()
    {
        Accepted.Sample(accepted =>
        {
            var (fields, phone) = accepted;
            Assert.Equal(MacAddress.Parse(fields.Mac!), phone.Mac);
            Assert.Equal(fields.Extensions!, phone.Extensions.Select(e => e.Value));
            // Names and users are trimmed and empty means none; the password is kept exactly as typed.
            Assert.Equal(string.IsNullOrWhiteSpace(fields.DisplayName) ? null : fields.DisplayName.Trim(), phone.DisplayName);
            Assert.Equal(string.IsNullOrWhiteSpace(fields.WebUser) ? null : fields.WebUser.Trim(), phone.WebLogin?.User);
            if (phone.WebLogin is { } login)
            {
                Assert.Equal(fields.WebPassword, login.Password);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void PhoneCsv_ExportOfAnyAcceptedInventory_ImportsAsTheSamePhones()
    {
        Accepted.Array[1, 6].Select(a => a.DistinctBy(p => p.Phone.Mac).Select(p => p.Phone).ToArray()).Sample(phones =>
        {
            var csv = PhoneCsv.Write(phones);
            var errors = new List<CsvError>();
            var rows = PhoneCsv.Read(csv, errors);

            Assert.Empty(errors);
            Assert.Equal(phones.Length, rows.Count);
            foreach (var (phone, row) in phones.Zip(rows))
            {
                var rowErrors = new Dictionary<string, string>();
                // The export leaves the password out; importing onto the stored phone keeps the stored one.
                var imported = PhoneInput.Apply(row.Fields, phone, TestData.Shipped, TestData.UpdatedAt, rowErrors);
                Assert.Empty(rowErrors);
                Assert.NotNull(imported);
                Assert.Equal(phone.Mac, imported.Mac);
                Assert.Equal(phone.Model, imported.Model);
                Assert.Equal(phone.Extensions, imported.Extensions);
                Assert.Equal(phone.DisplayName, imported.DisplayName);
                Assert.Equal(phone.Language, imported.Language);
                Assert.Equal(phone.WebLogin, imported.WebLogin);
                Assert.Equal(phone.Token, imported.Token);
            }
        }, iter: Iterations / 2);
    }

    [Fact]
    public void PhoneCsvRead_RowsAsASpreadsheetWritesThem_GivesBackEveryField()
    {
        var row = InputGen.Text.Array[PhoneCsv.Columns.Count];
        Gen.Select(Gen.Shuffle(PhoneCsv.Columns.ToArray()), row.Array[1, 4], Gen.OneOf(',', ';'), Gen.OneOf("\r\n", "\n"), Gen.Bool)
            .Sample((columns, rows, delimiter, newline, quoteAll) =>
            {
                var text = new StringBuilder(string.Join(delimiter, columns)).Append(newline);
                foreach (var values in rows)
                {
                    text.AppendJoin(delimiter, values.Select(v => Spreadsheet(v, delimiter, quoteAll))).Append(newline);
                }

                var errors = new List<CsvError>();
                var read = PhoneCsv.Read(text.ToString(), errors);

                Assert.Empty(errors);
                Assert.Equal(rows.Length, read.Count);
                foreach (var (values, fields) in rows.Zip(read))
                {
                    string Value(string column) => values[Array.IndexOf(columns, column)];
                    Assert.Equal(Value("mac"), fields.Fields.Mac);
                    Assert.Equal(Value("model"), fields.Fields.Model);
                    Assert.Equal(Value("extensions").Split([' ', '|'], StringSplitOptions.RemoveEmptyEntries), fields.Fields.Extensions);
                    // The exported text columns take off the apostrophe that keeps a spreadsheet from running a formula.
                    Assert.Equal(CsvTable.Unguarded(Value("display_name")), fields.Fields.DisplayName);
                    Assert.Equal(Value("language"), fields.Fields.Language);
                    Assert.Equal(CsvTable.Unguarded(Value("web_user")), fields.Fields.WebUser);
                    Assert.Equal(Value("web_password"), fields.Fields.WebPassword);
                }
            }, iter: Iterations);
    }

    [Fact]
    public void PhoneCsvRead_AnyText_NeverThrowsAndPlacesEveryErrorOnALine()
    {
        Gen.Frequency(
                (2, InputGen.Text),
                (3, Gen.Select(Gen.OneOf("mac,model,extensions", "mac;model;extensions;display_name", "MAC, Model ,Extensions,web_password"), InputGen.Text.Array[0, 8])
                    .Select(t => t.Item1 + "\n" + string.Join(",", t.Item2))))
            .Sample(text =>
            {
                var errors = new List<CsvError>();
                var rows = PhoneCsv.Read(text, errors);
                Assert.All(errors, e => Assert.True(e.Line >= 1 && !string.IsNullOrWhiteSpace(e.Field) && e.Reason.Length > 0, e.ToString()));
                Assert.All(rows, r => Assert.True(r.Line >= 2));
            }, iter: Iterations);
    }

    /// <summary>Renders <paramref name="phone"/> and checks the file parses and carries its name, web login and extensions as stored.</summary>
    internal static void AssertSettingsCarry(ProvisionedPhone phone)
    {
        var xml = TestData.Shipped.Render(phone, TestData.Site);
        var document = XDocument.Parse(xml, LoadOptions.PreserveWhitespace);
        var settings = document.PhoneSettings();
        for (var i = 0; i < phone.Extensions.Count; i++)
        {
            Assert.Equal(phone.DisplayName ?? phone.Extensions[0].Value, document.Setting("user_idle_text", i + 1).Value);
        }

        var model = SnomModels.For(phone.Model);
        Assert.Equal(phone.WebLogin?.User, settings.Element(model.WebUserSetting)?.Value);
        Assert.Equal(phone.WebLogin?.Password, settings.Element(model.WebPasswordSetting)?.Value);
        Assert.Equal(phone.Mac.Value, Query.Parse(new Uri(document.Setting("action_dnd_on_url").Value))["mac"]);
    }

    private static string Spreadsheet(string value, char delimiter, bool quoteAll) =>
        quoteAll || value.AsSpan().IndexOfAny([delimiter, '"', '\r', '\n']) >= 0 || value.StartsWith('\uFEFF')
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
