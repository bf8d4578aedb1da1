using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using SnomPresence.Tests.Shared;

namespace SnomPresence.Web.Tests.Hosting;

/// <summary>
/// The README's configuration table checked against the code, so it cannot drift: every key an options class binds
/// (every class with a <c>SectionName</c> in the service's assemblies, walked by reflection, so a setting added
/// anywhere shows up), every key the code reads straight from configuration, and the host's own keys the service
/// documents. Each row names one key, its default (the class's, or the shipped appsettings.json's) and its
/// environment variable; a missing, stale or wrong row fails with the row to write.
/// </summary>
public sealed partial class ConfigurationReferenceTests
{
    /// <summary>Keys the host reads (ASP.NET Core, Kestrel, the generic host, Serilog), with their defaults where the service has one.</summary>
    private static readonly Dictionary<string, object?> HostKeys = new()
    {
        ["Urls"] = null,
        ["HTTP_PORTS"] = null,
        ["HTTPS_PORTS"] = null,
        ["Kestrel:Endpoints:<*>:Url"] = null,
        ["Kestrel:Endpoints:<*>:Certificate:Path"] = null,
        ["Kestrel:Endpoints:<*>:Certificate:KeyPath"] = null,
        ["Kestrel:Endpoints:<*>:Certificate:Password"] = null,
        ["Kestrel:Certificates:Default:Path"] = null,
        ["Kestrel:Certificates:Default:KeyPath"] = null,
        ["Kestrel:Certificates:Default:Password"] = null,
        ["HostOptions:ShutdownTimeout"] = new HostOptions().ShutdownTimeout,
        ["AllowedHosts"] = null,
        ["Serilog:*"] = null,
    };

    /// <summary>Host keys whose usual environment variable carries the host's prefix rather than the key's own spelling.</summary>
    private static readonly HashSet<string> PrefixedHostKeys = ["Urls", "HTTP_PORTS", "HTTPS_PORTS"];

    [Fact]
    public void ReadmeTable_ListsEveryKeyOfEveryOptionsClassAndOfTheHost_AndNoOther()
    {
        var expected = ExpectedKeys();
        var documented = ReadmeRows().Select(r => r.Key).ToList();

        var missing = expected.Keys.Where(k => !documented.Contains(k)).ToList();
        var stale = documented.Where(k => !expected.ContainsKey(k)).ToList();
        var twice = documented.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.True(missing.Count == 0, "README.md, Configuration, lacks these rows:\n" + string.Join("\n", missing.Select(k => SuggestedRow(k, expected[k]))));
        Assert.True(stale.Count == 0, "README.md, Configuration, lists keys nothing reads: " + string.Join(", ", stale));
        Assert.True(twice.Count == 0, "README.md, Configuration, lists these keys twice: " + string.Join(", ", twice));
    }

    [Fact]
    public void ReadmeTable_GivesEachKeyItsDefaultAndItsEnvironmentVariable()
    {
        var expected = ExpectedKeys();
        var wrong = new List<string>();
        foreach (var row in ReadmeRows().Where(r => expected.ContainsKey(r.Key)))
        {
            if (Format(expected[row.Key]) is { } value && !string.Equals(FirstCode(row.Default), value, StringComparison.OrdinalIgnoreCase))
            {
                wrong.Add($"{row.Key}: default '{row.Default}' does not start with `{value}`");
            }

            if (string.IsNullOrWhiteSpace(row.Default))
            {
                wrong.Add($"{row.Key}: no default given; say what happens without it");
            }

            if (!string.Equals(FirstCode(row.Environment), EnvironmentVariable(row.Written), StringComparison.Ordinal))
            {
                wrong.Add($"{row.Written}: environment variable '{row.Environment}' is not `{EnvironmentVariable(row.Written)}`");
            }
        }

        Assert.True(wrong.Count == 0, "README.md, Configuration:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void KeysReadStraightFromConfiguration_AreFound_AndExpectedInTheTable()
    {
        var read = DirectlyReadKeys();
        var expected = ExpectedKeys();

        // The scan must see the reads it is there for, or it proves nothing.
        Assert.Contains("Phones:Resilience:*", read);
        Assert.Contains("Pbx:Resilience:*", read);
        Assert.Contains("Serilog:WriteTo:*", read);
        Assert.Contains("Phones:Resilience:*", expected.Keys);
        Assert.All(read, key => Assert.Contains(expected.Keys, documented => Covers(documented, key)));
    }

    [Fact]
    public void OptionsClasses_AreFoundInEveryProjectOfTheService()
    {
        var keys = OptionsKeys().Keys.ToList();

        // One key from each project that has settings: if discovery missed a project, these would go.
        Assert.Contains("Store:Sqlite:Path", keys);
        Assert.Contains("Pbx:ThreeCX:PollInterval", keys);
        Assert.Contains("Snom:PublicBaseUrl", keys);
        Assert.Contains("Phones:Push:Enabled", keys);
        Assert.Contains("Presence:Labels:<*>:<*>", keys);
        Assert.Contains("Forwarding:BlockedPrefixes:0", keys);
        Assert.Contains("DataProtection:CertificatePath", keys);
        Assert.DoesNotContain("Phones:Push:EffectivePort", keys);
    }

    /// <summary>
    /// Every key with its default: options classes over the shipped appsettings.json, the host's keys, and what src/
    /// reads straight from configuration where neither covers it (a section as <c>Section:*</c>).
    /// </summary>
    private static Dictionary<string, object?> ExpectedKeys()
    {
        var keys = OptionsKeys();
        var shipped = ShippedSettings();
        foreach (var (key, value) in HostKeys)
        {
            keys[key] = shipped[key] ?? value;
        }

        foreach (var read in DirectlyReadKeys().Where(read => !keys.Keys.Any(key => Covers(key, read))))
        {
            keys[read] = null;
        }

        return keys;
    }

    /// <summary>
    /// Keys of every options class, as the configuration binder reads them: settable scalar properties, nested
    /// objects, dictionaries (<c>&lt;*&gt;</c> for the entry's name) and lists (<c>:0</c>, <c>:1</c>, …).
    /// </summary>
    private static Dictionary<string, object?> OptionsKeys()
    {
        var shipped = ShippedSettings();
        var keys = new Dictionary<string, object?>();
        foreach (var type in ServiceAssemblies().SelectMany(a => a.GetTypes()))
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.GetRawConstantValue() is string section)
            {
                var options = Activator.CreateInstance(type)!;
                shipped.GetSection(section).Bind(options);
                Walk(type, options, section, keys);
            }
        }

        return keys;
    }

    private static void Walk(Type type, object? instance, string prefix, Dictionary<string, object?> keys)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod?.IsPublic != true)
            {
                continue;
            }

            var key = $"{prefix}:{property.Name}";
            var value = instance is null ? null : property.GetValue(instance);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                // A scalar without a public setter is computed, not bound.
                if (property.SetMethod?.IsPublic == true)
                {
                    keys[key] = value;
                }
            }
            else if (Interface(propertyType, typeof(IDictionary<,>)) is { } dictionary)
            {
                Element(dictionary.GetGenericArguments()[1], $"{key}:<*>", keys);
            }
            else if (Interface(propertyType, typeof(IEnumerable<>)) is { } list)
            {
                Element(list.GetGenericArguments()[0], $"{key}:0", keys);
            }
            else
            {
                Walk(propertyType, value, key, keys);
            }
        }
    }

    private static void Element(Type type, string key, Dictionary<string, object?> keys)
    {
        if (IsScalar(type))
        {
            // What a collection holds by default is said in words.
            keys[key] = null;
        }
        else if (Interface(type, typeof(IDictionary<,>)) is { } dictionary)
        {
            Element(dictionary.GetGenericArguments()[1], $"{key}:<*>", keys);
        }
        else
        {
            Walk(type, null, key, keys);
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(TimeOnly)
        || type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Uri) || type == typeof(Guid);

    private static Type? Interface(Type type, Type generic) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == generic
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);

    private static IEnumerable<Assembly> ServiceAssemblies()
    {
        var web = typeof(SnomPresence.Web.Hosting.ServerRegistration).Assembly;
        return web.GetReferencedAssemblies().Where(n => n.Name!.StartsWith("SnomPresence.", StringComparison.Ordinal)).Select(Assembly.Load).Prepend(web);
    }

    private static IConfiguration ShippedSettings() =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(Repository.Root, "src", "SnomPresence.Web", "appsettings.json")).Build();

    /// <summary>
    /// Keys named as string literals where src/ reads configuration itself instead of through an options class: a
    /// value as its key, a section as <c>Section:*</c>.
    /// </summary>
    private static List<string> DirectlyReadKeys() =>
        [.. Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => DirectRead().Matches(File.ReadAllText(f)))
            .Select(m => m.Groups["section"].Success ? $"{m.Groups["key"].Value}:*" : m.Groups["key"].Value)
            .Distinct()];

    /// <summary>True when the key <paramref name="known"/> is <paramref name="read"/>, or lies in the section <paramref name="read"/> names, or is a wildcard over it.</summary>
    private static bool Covers(string known, string read)
    {
        var section = read.EndsWith(":*", StringComparison.Ordinal) ? read[..^2] : null;
        return known.Equals(read, StringComparison.OrdinalIgnoreCase)
            || (section is not null && known.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase))
            || (known.EndsWith(":*", StringComparison.Ordinal) && (read + ":").StartsWith(known[..^1], StringComparison.OrdinalIgnoreCase));
    }

    private static string EnvironmentVariable(string key) =>
        PrefixedHostKeys.Contains(key) ? $"ASPNETCORE_{key.ToUpperInvariant()}" : key.Replace(":", "__", StringComparison.Ordinal);

    private static string? Format(object? value) => value switch
    {
        null or "" => null,
        string text => text,
        bool flag => flag ? "true" : "false",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("HH:mm", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string SuggestedRow(string key, object? value) =>
        $"| `{ReadmeKey(key)}` | {(Format(value) is { } v ? $"`{v}`" : "*(none)*")} | `{ReadmeKey(EnvironmentVariable(key))}` | … |";

    private static string ReadmeKey(string key) => key.Replace("<*>", "<name>", StringComparison.Ordinal);

    private static string? FirstCode(string cell) => CodeSpan().Match(cell) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>
    /// The rows of the table in README.md's Configuration section: the key as written, and with placeholders such as
    /// &lt;status&gt; read as &lt;*&gt;.
    /// </summary>
    private static List<(string Key, string Written, string Default, string Environment)> ReadmeRows()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var section = readme[readme.IndexOf("\n## Configuration\n", StringComparison.Ordinal)..];
        var rows = new List<(string, string, string, string)>();
        foreach (var line in section.Split('\n').SkipWhile(l => !l.StartsWith("| key ", StringComparison.Ordinal)).Skip(2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = CellBorder().Split(line.Trim().Trim('|')).Select(c => c.Trim()).ToList();
            Assert.True(cells.Count == 4, $"A configuration row has key, default, environment variable and meaning: {line}");
            var key = CodeSpan().Matches(cells[0]) is [var only] ? only.Groups[1].Value : throw new InvalidOperationException($"One key per configuration row: {line}");
            rows.Add((Placeholder().Replace(key, "<*>"), key, cells[1], cells[2]));
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellBorder();

    [GeneratedRegex(@"<[^>*]+>")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?:(?:[Cc]onfiguration|IConfiguration>\(\))\s*(?:(?<section>\.GetSection\()|\[|\.GetValue<[^>]*>\()|(?<section>BindConfiguration\())\s*""(?<key>[^""]+)""")]
    private static partial Regex DirectRead();
}
