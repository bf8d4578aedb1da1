using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Web.Colleagues;
using SnomPresence.Web.Phone.SnomXml;

namespace SnomPresence.Web.Phone.Minibrowser;

/// <summary>
/// Colleagues on the phone: groups (the caller's own first, then the others, then everyone) → a directory of
/// colleagues sorted by name, favourites first, whose entries dial the colleague → a colleague's detail with the
/// favourite toggle. Lists page, search by typed name, and refresh themselves.
/// </summary>
internal static class ColleaguesEndpoints
{
    private const string SearchToken = "__Q__";
    private const int MaxSearch = 32;

    public static RouteGroupBuilder MapColleagues(this IEndpointRouteBuilder app)
    {
        var group = app.MapPhoneGroup("/snom/colleagues");
        group.MapGet("/", GetGroupsAsync);
        group.MapGet("/list", GetListAsync);
        group.MapGet("/pick", GetPickAsync);
        group.MapGet("/search", GetSearch);
        group.MapGet("/detail", GetDetailAsync);
        group.MapGet("/favourite", SetFavouriteAsync);
        return group;
    }

    /// <summary>The groups: the caller's own first, then the others, then "Alle".</summary>
    internal static async Task<ContentHttpResult> GetGroupsAsync(KnownExtension known, IColleagueStore colleagues, CancellationToken cancellationToken)
    {
        var (state, phone) = (known.State, known.Phone);
        var texts = PhoneFormat.Texts(phone.Language);
        var groups = await colleagues.ListGroupsAsync(cancellationToken).ConfigureAwait(false);
        var items = groups
            .OrderBy(g => g.Members.Contains(state.Extension) ? 0 : 1)
            .ThenBy(g => g.Name, StringComparer.Create(CultureInfo.GetCultureInfo("de-DE"), ignoreCase: true))
            .Select(g => new SnomMenuItem(g.Name, phone.ColleagueList(state.Extension, g.Id.Value)))
            .Append(new SnomMenuItem(texts.GroupAll, phone.ColleagueList(state.Extension, null)));
        return SnomPage.Menu(texts.ColleaguesTitle, items).SoftKey("F4", texts.KeyBack, phone.Menu(state.Extension)).ToResult();
    }

    /// <summary>One page of a group (or everyone), or of a search in it, as a directory: choosing a colleague dials them.</summary>
    internal static async Task<ContentHttpResult> GetListAsync(
        KnownExtension known, string? group, string? page, HttpContext context, ColleagueLists lists, PhoneScreens screens, CancellationToken cancellationToken)
    {
        var phone = known.Phone;
        if (await lists.PageAsync(known.State, group, page, PhoneRequest.Typed(context.Request, "q"), cancellationToken).ConfigureAwait(false) is not { } list)
        {
            return screens.Reject(ColleagueLists.Problem(group, page, PhoneRequest.Typed(context.Request, "q")), phone);
        }

        return lists.Directory(list, known.State.Extension, phone).ToResult();
    }

    /// <summary>The same page as a menu, for phones to pick whose detail to show.</summary>
    internal static async Task<ContentHttpResult> GetPickAsync(
        KnownExtension known, string? group, string? page, HttpContext context, ColleagueLists lists, PhoneScreens screens, CancellationToken cancellationToken)
    {
        var phone = known.Phone;
        var search = PhoneRequest.Typed(context.Request, "q");
        if (await lists.PageAsync(known.State, group, page, search, cancellationToken).ConfigureAwait(false) is not { } list)
        {
            return screens.Reject(ColleagueLists.Problem(group, page, search), phone);
        }

        var texts = PhoneFormat.Texts(phone.Language);
        var ext = known.State.Extension;
        var items = list.Entries.Select(e => new SnomMenuItem(lists.Line(e, phone), phone.Colleague(ext, e.Colleague.Extension, list.Group?.Id.Value)));
        return SnomPage.Menu(texts.ColleaguePickTitle, items)
            .SoftKey("F4", texts.KeyBack, phone.ColleagueList(ext, list.Group?.Id.Value, list.Page, list.Search))
            .ToResult();
    }

    /// <summary>Asks for a name to search for, in the group the list showed.</summary>
    internal static ContentHttpResult GetSearch(KnownExtension known, string? group, PhoneScreens screens)
    {
        var phone = known.Phone;
        if (!phone.Device.ShowsInput)
        {
            return screens.NoInput(phone);
        }

        if (group is not null && !GroupId.TryParse(group, out _))
        {
            return screens.Reject(PhoneProblem.For(PhoneProblemKind.UnknownGroup, group), phone);
        }

        var texts = PhoneFormat.Texts(phone.Language);
        return SnomPage.Input(texts.InputSearch, phone.ColleagueList(known.State.Extension, group, 1, SearchToken), SearchToken, "a").ToResult();
    }

    /// <summary>One colleague: name, number, status, since and until; where their calls go only with Colleagues:ShowForwarding.</summary>
    internal static async Task<ContentHttpResult> GetDetailAsync(
        KnownExtension known, string? colleague, string? group, ColleagueLists lists, PhoneScreens screens, CancellationToken cancellationToken)
    {
        var phone = known.Phone;
        if (await lists.FindAsync(known.State.Extension, colleague, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return screens.Reject(PhoneProblem.For(PhoneProblemKind.UnknownColleague, colleague ?? string.Empty), phone);
        }

        if (group is not null && !GroupId.TryParse(group, out _))
        {
            return screens.Reject(PhoneProblem.For(PhoneProblemKind.UnknownGroup, group), phone);
        }

        return (await lists.DetailAsync(known.State.Extension, found, group, phone, cancellationToken).ConfigureAwait(false)).ToResult();
    }

    /// <summary>Marks (<c>on=1</c>) or unmarks (<c>on=0</c>) a colleague as favourite, and shows their detail again.</summary>
    internal static async Task<ContentHttpResult> SetFavouriteAsync(
        KnownExtension known, string? colleague, string? group, string? on, ColleagueLists lists, PhoneScreens screens, CancellationToken cancellationToken)
    {
        var phone = known.Phone;
        var owner = known.State.Extension;
        if (await lists.FindAsync(owner, colleague, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return screens.Reject(PhoneProblem.For(PhoneProblemKind.UnknownColleague, colleague ?? string.Empty), phone);
        }

        if (on is not ("1" or "0") || (group is not null && !GroupId.TryParse(group, out _)))
        {
            return screens.Reject(PhoneProblem.For(PhoneProblemKind.InvalidChoice, on ?? string.Empty), phone);
        }

        await lists.SetFavouriteAsync(owner, found.Extension, on == "1", cancellationToken).ConfigureAwait(false);
        return (await lists.DetailAsync(owner, found, group, phone, cancellationToken).ConfigureAwait(false)).ToResult();
    }

    internal static bool IsSearch(string? text) =>
        text is { Length: > 0 and <= MaxSearch } && !string.IsNullOrWhiteSpace(text)
        && text.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '.' or ',' or '\'');
}

/// <param name="Group">The group shown, or null for everyone.</param>
/// <param name="Search">What was searched for, or null.</param>
/// <param name="Page">1-based.</param>
internal sealed record ColleaguePage(ColleagueGroup? Group, string? Search, int Page, int Pages, IReadOnlyList<(Colleague Colleague, bool Favourite)> Entries);

/// <summary>Builds the colleague lists: which colleagues, in which order, on which page, and how a line reads.</summary>
internal sealed class ColleagueLists(
    ColleagueDirectory directory, IColleagueStore colleagues, IOptions<ColleaguesOptions> options, PhoneFormat format)
{
    public const int MaxFavourites = 100;

    private readonly ColleaguesOptions _options = options.Value;

    /// <summary>The page asked for, or null when the group, page or search is not valid (<see cref="Problem"/> says which).</summary>
    public async Task<ColleaguePage?> PageAsync(PresenceState caller, string? group, string? page, string? search, CancellationToken cancellationToken)
    {
        if (Invalid(group, page, search) is not null)
        {
            return null;
        }

        ColleagueGroup? shown = null;
        if (group is not null)
        {
            var id = GroupId.Parse(group);
            shown = (await colleagues.ListGroupsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(g => g.Id == id);
            if (shown is null)
            {
                return null;
            }
        }

        var query = string.IsNullOrWhiteSpace(search) ? null : ColleagueDirectory.QueryWords(search.Trim());
        var members = shown is not null ? await directory.MembersAsync(shown.Members, cancellationToken).ConfigureAwait(false)
            : query is not null ? await directory.SearchAsync(query, cancellationToken).ConfigureAwait(false)
            : await directory.AllAsync(cancellationToken).ConfigureAwait(false);
        var favourites = (await colleagues.GetFavouritesAsync(caller.Extension, cancellationToken).ConfigureAwait(false)).ToHashSet();
        bool Shown(Colleague member) => member.Extension != caller.Extension && (query is null || member.Matches(query));

        // Favourites first, then everyone else, both in name order; the others are counted and walked, not copied,
        // so a page deep into tens of thousands costs one pass.
        var first = new List<Colleague>();
        var others = 0;
        foreach (var member in members)
        {
            if (!Shown(member))
            {
                continue;
            }

            if (favourites.Contains(member.Extension))
            {
                first.Add(member);
            }
            else
            {
                others++;
            }
        }

        var size = _options.PageSize;
        var pages = Math.Max(1, (first.Count + others + size - 1) / size);
        var number = Math.Min(ParsePage(page), pages);
        var start = (number - 1) * size;
        var shownOnPage = new List<(Colleague, bool)>(size);
        for (var i = start; i < first.Count && shownOnPage.Count < size; i++)
        {
            shownOnPage.Add((directory.Current(first[i]), true));
        }

        var skip = Math.Max(0, start - first.Count);
        foreach (var member in members)
        {
            if (shownOnPage.Count == size)
            {
                break;
            }

            if (Shown(member) && !favourites.Contains(member.Extension) && skip-- <= 0)
            {
                shownOnPage.Add((directory.Current(member), false));
            }
        }

        var entries = shownOnPage;
        return new ColleaguePage(shown, search?.Trim(), number, pages, entries);
    }

    /// <summary>Why <see cref="PageAsync"/> found no page: a malformed group, page or search, else a group that does not exist.</summary>
    public static PhoneProblem Problem(string? group, string? page, string? search) =>
        Invalid(group, page, search) ?? PhoneProblem.For(PhoneProblemKind.UnknownGroup, group);

    private static PhoneProblem? Invalid(string? group, string? page, string? search) =>
        group is not null && !GroupId.TryParse(group, out _) ? PhoneProblem.For(PhoneProblemKind.UnknownGroup, group)
        : page is not null && ParsePage(page) == 0 ? PhoneProblem.For(PhoneProblemKind.InvalidChoice, page)
        : search is not null && !ColleaguesEndpoints.IsSearch(search) ? PhoneProblem.For(PhoneProblemKind.InvalidSearch, search)
        : null;

    /// <summary>
    /// The page as a directory, refreshing itself. Soft keys: F1 the page before (on the first, back to the groups),
    /// F2 the next, F3 search (where the phone shows input pages), F4 details of someone on the page.
    /// </summary>
    public SnomPage Directory(ColleaguePage list, Extension caller, PhoneContext phone)
    {
        var texts = PhoneFormat.Texts(phone.Language);
        var group = list.Group?.Id.Value;
        var title = list.Search is { } search ? PhoneFormat.Format(phone.Language, texts.SearchTitle, search) : list.Group?.Name ?? texts.GroupAll;
        if (list.Pages > 1)
        {
            title = string.Format(CultureInfo.InvariantCulture, texts.ColleaguesPageTitle, title, list.Page, list.Pages);
        }

        var entries = list.Entries.Count == 0
            ? [new SnomDirectoryEntry(texts.NoColleagues, string.Empty)]
            : list.Entries.Select(e => new SnomDirectoryEntry(Line(e, phone), e.Colleague.Extension.Value));
        var page = SnomPage.Directory(title, entries)
            .SoftKey("F1", list.Page > 1 ? texts.KeyPrevious : texts.KeyBack, list.Page > 1 ? phone.ColleagueList(caller, group, list.Page - 1, list.Search) : phone.Colleagues(caller));
        if (list.Page < list.Pages)
        {
            page.SoftKey("F2", texts.KeyNext, phone.ColleagueList(caller, group, list.Page + 1, list.Search));
        }

        if (phone.Device.ShowsInput)
        {
            page.SoftKey("F3", texts.KeySearch, phone.ColleagueSearch(caller, group));
        }

        if (list.Entries.Count > 0)
        {
            page.SoftKey("F4", texts.KeyDetails, phone.ColleaguePick(caller, group, list.Page, list.Search));
        }

        return page.Fetch(_options.Refresh, phone.ColleagueList(caller, group, list.Page, list.Search));
    }

    /// <summary>"Müller, Anna · Zu Tisch bis 13:30"; on a narrow display the name shortened and the status alone.</summary>
    public string Line((Colleague Colleague, bool Favourite) entry, PhoneContext phone)
    {
        var (colleague, favourite) = entry;
        var state = colleague.State;
        var label = format.Label(state.Status, phone.Language);
        var mark = favourite ? "* " : string.Empty;
        if (phone.Device.NarrowDisplay)
        {
            return $"{mark}{DisplayText.Shorten(colleague.Name, NarrowNameLength)} {label}";
        }

        var until = state.ExpiresAt is { } expires ? " " + format.Until(expires, phone.Language) : string.Empty;
        return $"{mark}{colleague.Name} · {label}{until}";
    }

    private const int NarrowNameLength = 12;

    public async Task<Colleague?> FindAsync(Extension caller, string? colleague, CancellationToken cancellationToken) =>
        Extension.TryParse(colleague, out var extension) && extension != caller
            ? await directory.GetAsync(extension, cancellationToken).ConfigureAwait(false)
            : null;

    public async Task<SnomPage> DetailAsync(Extension caller, Colleague colleague, string? group, PhoneContext phone, CancellationToken cancellationToken)
    {
        var state = colleague.State;
        var language = phone.Language;
        var texts = PhoneFormat.Texts(language);
        var lines = new List<string>
        {
            PhoneFormat.Format(language, texts.ExtensionTitle, state.Extension.Value),
            format.Label(state.Status, language),
            PhoneFormat.Format(language, texts.ColleagueSince, format.Local(state.Since)),
        };
        if (state.ExpiresAt is { } expires)
        {
            lines.Add(format.Until(expires, language));
        }

        if (_options.ShowForwarding)
        {
            var (inside, outside) = PhoneScreens.ForwardingInEffect(state, language);
            lines.Add($"{texts.Internal}: {inside}");
            lines.Add($"{texts.External}: {outside}");
        }

        var favourite = (await colleagues.GetFavouritesAsync(caller, cancellationToken).ConfigureAwait(false)).Contains(state.Extension);
        return SnomPage.Text(colleague.Name, lines)
            .SoftKey("F1", texts.KeyCall, $"{PhoneContext.NoOp}#numberdial={state.Extension.Value}")
            .SoftKey("F2", favourite ? texts.KeyFavouriteOff : texts.KeyFavouriteOn, phone.Favourite(caller, state.Extension, group, !favourite))
            .SoftKey("F4", texts.KeyBack, phone.ColleagueList(caller, group))
            .Fetch(_options.Refresh, phone.Colleague(caller, state.Extension, group));
    }

    /// <summary>Adds or removes one favourite, keeping the order the others were marked in.</summary>
    public async Task SetFavouriteAsync(Extension owner, Extension colleague, bool on, CancellationToken cancellationToken)
    {
        var current = await colleagues.GetFavouritesAsync(owner, cancellationToken).ConfigureAwait(false);
        if (current.Contains(colleague) == on || (on && current.Count >= MaxFavourites))
        {
            return;
        }

        await colleagues.SaveFavouritesAsync(owner, on ? [.. current, colleague] : [.. current.Where(f => f != colleague)], cancellationToken).ConfigureAwait(false);
    }

    private static int ParsePage(string? page) =>
        page is null ? 1 : int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 100_000 ? number : 0;
}
