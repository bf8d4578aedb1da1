namespace SnomPresence.Stores.Tests;

/// <summary>
/// Where the throwaway servers of scripts/test.sh are. A test that needs one fails, never skips, when it is missing:
/// a green run must mean every store was tested.
/// </summary>
public static class TestServers
{
    public static string Postgres => Required("SNOMPRESENCE_TEST_PG", "PostgreSQL");

    public static string Redis => Required("SNOMPRESENCE_TEST_REDIS", "Redis");

    private static string Required(string variable, string server) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set: run scripts/test.sh, which starts a throwaway {server} server for the tests, or point {variable} at one.");
}
