using SnomPresence.Tests.Shared;

namespace SnomPresence.Provisioning.Tests;

/// <summary>Where the repository's files are, seen from the test assembly in artifacts/bin/….</summary>
internal static class RepositoryPaths
{
    public static string Root => Repository.Root;

    public static string PhoneTemplates => Path.Combine(Root, "phone-templates");

    public static string Golden => Path.Combine(AppContext.BaseDirectory, "Golden");
}
