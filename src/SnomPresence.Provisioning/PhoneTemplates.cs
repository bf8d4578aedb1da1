using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using SnomPresence.Presence;

namespace SnomPresence.Provisioning;

/// <summary>
/// The Snom settings templates of a folder: one file per model family (<c>D7xx.xml</c>) or per model
/// (<c>D785.xml</c>, which wins over its family). A template is Snom XML with <c>{{placeholders}}</c> in text and
/// attribute values, and two directives: <c>sp-if="name"</c> keeps an element only when that placeholder has a
/// value, <c>sp-each="extension"</c> repeats it for each of the phone's extensions. Everything is checked when
/// loaded; rendering a checked template cannot fail. Two more directives: <c>sp-unless="name"</c> keeps an element
/// only when the placeholder is empty, <c>sp-name="name"</c> renames it to the placeholder's value (the web-login
/// settings, whose names differ per model).
/// </summary>
public sealed partial class PhoneTemplates
{
    public const string IfAttribute = "sp-if";
    public const string EachAttribute = "sp-each";
    public const string UnlessAttribute = "sp-unless";
    public const string NameAttribute = "sp-name";

    /// <summary>What a PBX's own provisioning sets and the service must never set in <see cref="ProvisioningMode.Include"/>.</summary>
    public static readonly FrozenSet<string> PbxOwnedSettings = new[] { "setting_server", "http_client_user", "http_client_pass" }.ToFrozenSet();

    private static readonly string[] KeyPlaceholders = ["{{presence_url}}", "{{menu_url}}", "{{status_url}}"];

    /// <summary>Every placeholder a template may use; phone-templates/README.md explains each.</summary>
    public static readonly FrozenSet<string> Placeholders = new[]
    {
        "mac", "model", "extension", "identity", "display_name", "language", "lang", "token", "web_user", "web_password",
        "service_url", "service_host", "setting_server", "settings_refresh", "provisioning_user", "provisioning_password",
        "dnd_on_url", "dnd_off_url", "setup_url", "status_url", "menu_url", "presence_url", "standalone", "smart_label",
        "web_user_setting", "web_password_setting",
    }.ToFrozenSet();

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
    };

    private readonly FrozenDictionary<string, XDocument> _templates;
    private readonly FrozenDictionary<string, int?> _statusKeys;

    private PhoneTemplates(FrozenDictionary<string, XDocument> templates, string folder)
    {
        _templates = templates;
        _statusKeys = templates.ToFrozenDictionary(t => t.Key, t => StatusKey(t.Value), StringComparer.OrdinalIgnoreCase);
        Folder = folder;
    }

    public string Folder { get; }

    /// <summary>The families and models with a template, e.g. D3xx, D785.</summary>
    public IReadOnlyCollection<string> Names => _templates.Keys;

    /// <summary>Reads and checks every template; throws <see cref="TemplateException"/> listing each problem with file and line.</summary>
    public static PhoneTemplates Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new TemplateException([$"{folder}: the template folder does not exist."]);
        }

        var errors = new List<string>();
        var templates = new Dictionary<string, XDocument>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in Directory.EnumerateFiles(folder, "*.xml").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            var name = Path.GetFileNameWithoutExtension(path);
            if (!TemplateName().IsMatch(name))
            {
                errors.Add($"{file}: the name must be a model family such as D7xx.xml or a model such as D785.xml.");
                continue;
            }

            if (Check(path, errors) is { } template)
            {
                templates[name.ToUpperInvariant().Replace("XX", "xx", StringComparison.Ordinal)] = template;
            }
        }

        if (errors.Count == 0 && templates.Count == 0)
        {
            errors.Add($"{folder}: no templates (*.xml) found.");
        }

        return errors.Count > 0
            ? throw new TemplateException(errors)
            : new PhoneTemplates(templates.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), folder);
    }

    public bool Serves(PhoneModel model) => _templates.ContainsKey(model.Value) || _templates.ContainsKey(model.Family);

    /// <summary>
    /// The <c>fkey idx</c> of the key that opens the presence pages on <paramref name="model"/>: the function key
    /// whose URL is one of the service's pages, in the template that serves the model. Null when none does.
    /// </summary>
    public int? StatusKeyIndex(PhoneModel model) =>
        _statusKeys.TryGetValue(model.Value, out var own) ? own
        : _statusKeys.TryGetValue(model.Family, out var family) ? family
        : null;

    private static int? StatusKey(XDocument template)
    {
        var key = template.Descendants("fkey").FirstOrDefault(k => KeyPlaceholders.Any(p => k.Value.Contains(p, StringComparison.Ordinal)));
        return int.TryParse((string?)key?.Attribute("idx"), NumberStyles.None, CultureInfo.InvariantCulture, out var idx) ? idx : null;
    }

    /// <summary>The phone's settings file: UTF-8 XML with every placeholder filled in and every value escaped.</summary>
    public string Render(ProvisionedPhone phone, ProvisioningSite site)
    {
        var template = TemplateFor(phone.Model)
            ?? throw new InvalidOperationException($"No template serves {phone.Model}; check models against the templates first.");

        var values = TemplateValues.For(phone, site);
        var root = Expand(template.Root!, values, values.Identity(0)).Single();
        if (site.Mode == ProvisioningMode.Include)
        {
            // Whatever a template says: next to the PBX's provisioning, the phone's settings server and its login stay the PBX's.
            root.Descendants().Where(e => PbxOwnedSettings.Contains(e.Name.LocalName)).Remove();
        }

        var builder = new StringBuilder(4096);
        using (var writer = XmlWriter.Create(new Utf8StringWriter(builder), WriterSettings))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
        }

        return builder.Append('\n').ToString();
    }

    private XDocument? TemplateFor(PhoneModel model) =>
        _templates.TryGetValue(model.Value, out var own) ? own
        : _templates.TryGetValue(model.Family, out var family) ? family
        : null;

    private static IEnumerable<XElement> Expand(XElement element, TemplateValues values, IReadOnlyDictionary<string, string> scope)
    {
        if ((element.Attribute(IfAttribute) is { } condition && scope[condition.Value.Trim()].Length == 0)
            || (element.Attribute(UnlessAttribute) is { } exception && scope[exception.Value.Trim()].Length > 0))
        {
            yield break;
        }

        var scopes = element.Attribute(EachAttribute) is null
            ? [scope]
            : Enumerable.Range(0, values.IdentityCount).Select(values.Identity);
        foreach (var current in scopes)
        {
            var copy = new XElement(element.Attribute(NameAttribute) is { } rename ? XName.Get(current[rename.Value.Trim()]) : element.Name);
            foreach (var attribute in element.Attributes())
            {
                if (!IsDirective(attribute.Name.LocalName))
                {
                    copy.Add(new XAttribute(attribute.Name, Fill(attribute.Value, current)));
                }
            }

            foreach (var node in element.Nodes())
            {
                switch (node)
                {
                    case XElement child:
                        copy.Add(Expand(child, values, current));
                        break;
                    case XText text when element.HasElements && string.IsNullOrWhiteSpace(text.Value):
                        // Indentation between elements: the writer indents the output afresh.
                        break;
                    case XText text:
                        copy.Add(new XText(Fill(text.Value, current)));
                        break;
                    case XComment:
                        break;
                    default:
                        copy.Add(node);
                        break;
                }
            }

            yield return copy;
        }
    }

    private static bool IsDirective(string name) => name is IfAttribute or EachAttribute or UnlessAttribute or NameAttribute;

    private static string Fill(string text, IReadOnlyDictionary<string, string> scope) =>
        text.Contains("{{", StringComparison.Ordinal) ? Placeholder().Replace(text, m => scope[m.Groups["name"].Value]) : text;

    private static XDocument? Check(string path, List<string> errors)
    {
        var file = Path.GetFileName(path);
        XDocument document;
        try
        {
            document = XDocument.Load(path, LoadOptions.SetLineInfo | LoadOptions.PreserveWhitespace);
        }
        catch (XmlException ex)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{file} line {ex.LineNumber}: malformed XML: {ex.Message}"));
            return null;
        }

        var before = errors.Count;
        if (document.Root!.Name.LocalName != "settings")
        {
            errors.Add($"{file} line {Line(document.Root)}: the root element must be <settings>, not <{document.Root.Name.LocalName}>.");
        }

        foreach (var directive in document.Root.Attributes().Where(a => a.Name.LocalName.StartsWith("sp-", StringComparison.Ordinal)))
        {
            errors.Add($"{file} line {Line(directive)}: {directive.Name.LocalName} cannot stand on the root element; a settings file has exactly one <settings>.");
        }

        foreach (var element in document.Root.DescendantsAndSelf())
        {
            foreach (var attribute in element.Attributes())
            {
                var name = attribute.Name.LocalName;
                if (name is IfAttribute or UnlessAttribute)
                {
                    CheckName(attribute.Value.Trim(), file, Line(attribute), errors);
                }
                else if (name == NameAttribute)
                {
                    if (attribute.Value.Trim() is not ("web_user_setting" or "web_password_setting"))
                    {
                        errors.Add($"{file} line {Line(attribute)}: {NameAttribute}=\"{attribute.Value}\" is unknown; it takes web_user_setting or web_password_setting.");
                    }
                }
                else if (name == EachAttribute)
                {
                    if (attribute.Value.Trim() != "extension")
                    {
                        errors.Add($"{file} line {Line(attribute)}: {EachAttribute}=\"{attribute.Value}\" is unknown; only {EachAttribute}=\"extension\" repeats an element.");
                    }
                }
                else if (name.StartsWith("sp-", StringComparison.Ordinal))
                {
                    errors.Add($"{file} line {Line(attribute)}: the directive {name} is unknown; use {IfAttribute}, {UnlessAttribute}, {EachAttribute} or {NameAttribute}.");
                }
                else
                {
                    CheckText(attribute.Value, file, Line(attribute), errors);
                }
            }

            foreach (var text in element.Nodes().OfType<XText>())
            {
                CheckText(text.Value, file, Line(text), errors);
            }
        }

        return errors.Count == before ? document : null;
    }

    private static void CheckText(string text, string file, int line, List<string> errors)
    {
        foreach (Match match in AnyBraces().Matches(text))
        {
            var placeholder = Placeholder().Match(match.Value);
            if (!placeholder.Success)
            {
                errors.Add($"{file} line {line}: \"{match.Value}\" is not a placeholder; write {{{{name}}}} with a lower-case name.");
            }
            else
            {
                CheckName(placeholder.Groups["name"].Value, file, line, errors);
            }
        }
    }

    private static void CheckName(string name, string file, int line, List<string> errors)
    {
        if (!Placeholders.Contains(name))
        {
            errors.Add($"{file} line {line}: the placeholder {{{{{name}}}}} is unknown; known are {string.Join(", ", Placeholders.Order(StringComparer.Ordinal))}.");
        }
    }

    private static int Line(XObject node) => ((IXmlLineInfo)node).LineNumber;

    [GeneratedRegex(@"\{\{(?<name>[a-z_]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\{\{.*?\}\}|\{\{", RegexOptions.CultureInvariant)]
    private static partial Regex AnyBraces();

    [GeneratedRegex(@"^[Dd][1-9]([xX]{2}|[0-9]{2}[A-Za-z]?)$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateName();

    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => WriterSettings.Encoding;
    }
}
