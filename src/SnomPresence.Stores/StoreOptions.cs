using Microsoft.Extensions.Options;

namespace SnomPresence.Stores;

/// <summary>Which store holds presence state; the embedded SQLite file is the default.</summary>
public enum StoreProvider
{
    Sqlite,
}

public sealed class StoreOptions
{
    public const string SectionName = "Store";

    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    public SqliteStoreOptions Sqlite { get; set; } = new();
}

public sealed class SqliteStoreOptions
{
    /// <summary>The database file; relative paths are resolved against the content root (the working directory).</summary>
    public string Path { get; set; } = "./data/snompresence.db";
}

internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail($"Store:Provider '{options.Provider}' is unknown; use one of: {string.Join(", ", Enum.GetNames<StoreProvider>())}.");
        }

        if (options.Provider == StoreProvider.Sqlite)
        {
            var path = options.Sqlite.Path;
            if (string.IsNullOrWhiteSpace(path))
            {
                return ValidateOptionsResult.Fail("Store:Sqlite:Path must name the database file, e.g. ./data/snompresence.db.");
            }

            if (path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || path.EndsWith('/') || path.EndsWith('\\'))
            {
                return ValidateOptionsResult.Fail($"Store:Sqlite:Path '{path}' is not a file path.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
