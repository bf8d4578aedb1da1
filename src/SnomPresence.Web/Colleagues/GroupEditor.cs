using SnomPresence.Presence;
using SnomPresence.Provisioning;

namespace SnomPresence.Web.Colleagues;

/// <param name="Groups">Ids of the groups the import replaces (or would, on a dry run).</param>
internal sealed record GroupImportReport(bool DryRun, bool Applied, int Rows, string[] Groups, CsvError[] Errors);

/// <summary>
/// Every change admins make to groups: one group at a time or many by CSV. A group's members must be extensions
/// the service knows; groups 3CX defines are 3CX's to change. Anything wrong changes nothing.
/// </summary>
internal sealed class GroupEditor(IColleagueStore colleagues, IPresenceStore presence)
{
    public static readonly IReadOnlyList<string> CsvColumns = ["group", "group_name", "extension"];

    /// <summary>Checks and stores the group; answers it and whether it is new, or the errors by field.</summary>
    public async Task<(ColleagueGroup? Group, bool Created, Dictionary<string, string[]> Errors)> SaveAsync(
        string id, string? name, IReadOnlyList<string>? members, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var groups = await colleagues.ListGroupsAsync(cancellationToken).ConfigureAwait(false);
        if (!GroupId.TryParse(id, out var groupId))
        {
            errors["id"] = [$"Must be 1 to {GroupId.MaxLength} of a-z, 0-9, '-' and '_'."];
        }

        var existing = groups.FirstOrDefault(g => g.Id == groupId);
        if (existing is { Source: GroupSource.Pbx })
        {
            errors["id"] = [$"Group {groupId} comes from 3CX; change it there."];
        }

        if (!ExtensionName.TryCreate(name, NameSource.Admin, out var groupName, out var nameError))
        {
            errors["name"] = [nameError];
        }

        var parsed = new List<Extension>();
        if (members is null)
        {
            errors["members"] = ["Required: the group's extensions, possibly none."];
        }
        else
        {
            for (var i = 0; i < members.Count; i++)
            {
                var (member, error) = await CheckMemberAsync(members[i], cancellationToken).ConfigureAwait(false);
                if (error is not null)
                {
                    errors[$"members[{i}]"] = [error];
                }
                else if (!parsed.Contains(member))
                {
                    parsed.Add(member);
                }
            }

            if (parsed.Count > ColleagueGroup.MaxMembers)
            {
                errors["members"] = [$"At most {ColleagueGroup.MaxMembers} extensions."];
            }
        }

        if (errors.Count > 0)
        {
            return (null, false, errors);
        }

        var group = new ColleagueGroup(groupId, groupName.Text, parsed, GroupSource.Admin);
        await colleagues.SaveGroupAsync(group, cancellationToken).ConfigureAwait(false);
        return (group, existing is null, errors);
    }

    /// <summary>Removes an admin's group: true, false when there is none, null when it is 3CX's.</summary>
    public async Task<bool?> DeleteAsync(GroupId id, CancellationToken cancellationToken)
    {
        var existing = (await colleagues.ListGroupsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(g => g.Id == id);
        return existing is null ? false
            : existing.Source == GroupSource.Pbx ? null
            : await colleagues.DeleteGroupAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Imports members: one row per member (<c>group,group_name,extension</c>). Every group the file names gets exactly
    /// the members of its rows, in their order; other groups stay. A new group needs a name on one of its rows.
    /// </summary>
    public async Task<GroupImportReport> ImportAsync(string csv, bool dryRun, CancellationToken cancellationToken)
    {
        var errors = new List<CsvError>();
        var rows = CsvTable.Read(csv, CsvColumns, ["group", "extension"], errors);
        var known = (await colleagues.ListGroupsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(g => g.Id);
        var imported = new Dictionary<GroupId, (string? Name, List<Extension> Members, int FirstLine)>();
        foreach (var row in rows)
        {
            if (!GroupId.TryParse(row.Get("group")?.Trim(), out var id))
            {
                errors.Add(new CsvError(row.Line, "group", $"Must be 1 to {GroupId.MaxLength} of a-z, 0-9, '-' and '_'."));
                continue;
            }

            if (known.TryGetValue(id, out var existing) && existing.Source == GroupSource.Pbx)
            {
                errors.Add(new CsvError(row.Line, "group", $"Group {id} comes from 3CX; change it there."));
                continue;
            }

            var entry = imported.TryGetValue(id, out var seen) ? seen : (null, [], row.Line);
            if (CsvTable.Unguarded(row.Get("group_name")) is { Length: > 0 } typedName)
            {
                if (!ExtensionName.TryCreate(typedName, NameSource.Admin, out var name, out var nameError))
                {
                    errors.Add(new CsvError(row.Line, "group_name", nameError));
                }
                else if (entry.Name is not null && entry.Name != name.Text)
                {
                    errors.Add(new CsvError(row.Line, "group_name", $"Group {id} is named \"{entry.Name}\" on line {entry.FirstLine}."));
                }
                else
                {
                    entry.Name = name.Text;
                }
            }

            var (member, memberError) = await CheckMemberAsync(row.Get("extension")?.Trim(), cancellationToken).ConfigureAwait(false);
            if (memberError is not null)
            {
                errors.Add(new CsvError(row.Line, "extension", memberError));
            }
            else if (!entry.Members.Contains(member))
            {
                entry.Members.Add(member);
            }

            imported[id] = entry;
        }

        var groups = new List<ColleagueGroup>();
        foreach (var (id, (name, members, firstLine)) in imported)
        {
            var groupName = name ?? known.GetValueOrDefault(id)?.Name;
            if (groupName is null)
            {
                errors.Add(new CsvError(firstLine, "group_name", $"Group {id} is new: give its name on one of its rows."));
                continue;
            }

            groups.Add(new ColleagueGroup(id, groupName, members, GroupSource.Admin));
        }

        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        var apply = !dryRun && errors.Count == 0;
        if (apply)
        {
            foreach (var group in groups)
            {
                await colleagues.SaveGroupAsync(group, cancellationToken).ConfigureAwait(false);
            }
        }

        return new GroupImportReport(dryRun, apply, rows.Count, [.. groups.Select(g => g.Id.Value)], [.. errors]);
    }

    private async Task<(Extension Member, string? Error)> CheckMemberAsync(string? text, CancellationToken cancellationToken)
    {
        if (!Extension.TryParse(text, out var member))
        {
            return (default, $"\"{DisplayText.Shorten(text ?? string.Empty, 20)}\" is not an extension: digits only, at most {Extension.MaxLength}.");
        }

        return await presence.GetAsync(member, cancellationToken).ConfigureAwait(false) is null
            ? (member, $"Extension {member} does not exist. Create it with PUT /api/extensions/{member}, or let its phone press DND.")
            : (member, null);
    }
}
