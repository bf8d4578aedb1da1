using System.Diagnostics.CodeAnalysis;

namespace SnomPresence.Presence;

/// <summary>A group's id as it appears in <c>/api/groups/{id}</c>: 1 to 40 of a–z, 0–9, '-' and '_'.</summary>
public readonly record struct GroupId
{
    public const int MaxLength = 40;

    private GroupId(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, out GroupId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
        {
            return false;
        }

        id = new GroupId(text);
        return true;
    }

    public static GroupId Parse(string text) => TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a group id.");

    public override string ToString() => Value;
}

/// <summary>Who defines a group. Ids: admin, pbx.</summary>
public enum GroupSource
{
    Admin,
    Pbx,
}

/// <summary>A group of colleagues (a department); an extension may be in several. Members in the order given, without repeats.</summary>
public sealed record ColleagueGroup(GroupId Id, string Name, IReadOnlyList<Extension> Members, GroupSource Source)
{
    public const int MaxMembers = 10_000;

    public bool Equals(ColleagueGroup? other) =>
        other is not null && Id == other.Id && Name == other.Name && Source == other.Source && Members.SequenceEqual(other.Members);

    public override int GetHashCode() => HashCode.Combine(Id, Name, Source, Members.Count);
}

/// <summary>
/// Groups of colleagues and each extension's favourites. Every store keeps them durably; stores shared by several
/// instances tell the others after each write, so every instance shows the same.
/// </summary>
public interface IColleagueStore
{
    /// <summary>Every group, ordered by id.</summary>
    Task<IReadOnlyList<ColleagueGroup>> ListGroupsAsync(CancellationToken cancellationToken);

    /// <summary>Creates or replaces the group with the same id.</summary>
    Task SaveGroupAsync(ColleagueGroup group, CancellationToken cancellationToken);

    /// <summary>Removes the group; false when there was none.</summary>
    Task<bool> DeleteGroupAsync(GroupId id, CancellationToken cancellationToken);

    /// <summary>The favourites of <paramref name="owner"/> in the order they were marked; empty when none.</summary>
    Task<IReadOnlyList<Extension>> GetFavouritesAsync(Extension owner, CancellationToken cancellationToken);

    /// <summary>Replaces the favourites of <paramref name="owner"/>; an empty list removes them.</summary>
    Task SaveFavouritesAsync(Extension owner, IReadOnlyList<Extension> favourites, CancellationToken cancellationToken);

    /// <summary>Every extension with favourites, ordered by extension; for copying a store.</summary>
    Task<IReadOnlyList<(Extension Owner, IReadOnlyList<Extension> Favourites)>> ListFavouritesAsync(CancellationToken cancellationToken);
}
