namespace SnomPresence.Tests.Shared;

/// <summary>Where the repository's files are, seen from the test assembly in artifacts/bin/….</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    public static string Root => RootDirectory.Value;

    public static string PhoneTemplates => Path.Combine(Root, "phone-templates");

    public static string Golden => Path.Combine(AppContext.BaseDirectory, "Golden");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SnomPresence.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SnomPresence.sln above {AppContext.BaseDirectory}.");
    }
}
