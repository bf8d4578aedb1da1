namespace SnomPresence.Tests.Shared;

/// <summary>Where the repository is, seen from a test assembly in artifacts/bin/….</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    public static string Root => RootDirectory.Value;

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
