namespace SnomPresence.Provisioning.Tests;

/// <summary>A temporary template folder, deleted on dispose.</summary>
internal sealed class TemplateFolder : IDisposable
{
    public TemplateFolder()
    {
        Path = Directory.CreateTempSubdirectory("snompresence-templates-").FullName;
    }

    public string Path { get; }

    public TemplateFolder With(string fileName, string content)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, fileName), content);
        return this;
    }

    /// <summary>A minimal valid template whose <c>marker</c> setting holds <paramref name="marker"/>.</summary>
    public TemplateFolder WithMarker(string fileName, string marker) =>
        With(fileName, $"""
            <settings>
              <phone-settings e="2">
                <marker perm="R">{marker}</marker>
              </phone-settings>
            </settings>
            """);

    public PhoneTemplates Load() => PhoneTemplates.Load(Path);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
