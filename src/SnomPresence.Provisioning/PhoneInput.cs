using SnomPresence.Presence;

namespace SnomPresence.Provisioning;

/// <summary>A phone as an admin types it, in the API or in a CSV row: unchecked text.</summary>
/// <param name="WebPassword">Empty keeps the stored password; passwords are never read back.</param>
public sealed record PhoneFields(
    string? Mac,
    string? Model,
    IReadOnlyList<string>? Extensions,
    string? DisplayName,
    string? Language,
    string? WebUser,
    string? WebPassword)
{
    public override string ToString() => $"{Mac} {Model} (password hidden)";
}

/// <summary>The checks every way into the inventory shares; errors are keyed by the API's field names.</summary>
public static class PhoneInput
{
    public const string MacField = "mac";
    public const string ModelField = "model";
    public const string ExtensionsField = "extensions";
    public const string DisplayNameField = "displayName";
    public const string LanguageField = "language";
    public const string WebUserField = "webUser";
    public const string WebPasswordField = "webPassword";

    /// <summary>
    /// Checks <paramref name="fields"/> and answers the phone as it is to be stored: a new phone gets a fresh token,
    /// an existing one keeps its token and, when no new password is given, its web password.
    /// </summary>
    /// <returns>The phone, or null with at least one entry in <paramref name="errors"/>.</returns>
    public static ProvisionedPhone? Apply(
        PhoneFields fields, ProvisionedPhone? existing, PhoneTemplates templates, DateTimeOffset now, IDictionary<string, string> errors)
    {
        var before = errors.Count;
        if (!MacAddress.TryParse(fields.Mac?.Trim(), out var mac))
        {
            errors[MacField] = "Must be 12 hex digits, e.g. 000413A11FA7 or 00:04:13:A1:1F:A7.";
        }

        if (!PhoneModel.TryParse(fields.Model?.Trim(), out var model))
        {
            errors[ModelField] = "Must be a Snom desk-phone model such as D385, D785 or D865.";
        }
        else if (!templates.Serves(model))
        {
            errors[ModelField] = $"No template in {templates.Folder} serves {model}; there are {string.Join(", ", templates.Names)}.";
        }

        var extensions = new List<Extension>();
        foreach (var text in fields.Extensions ?? [])
        {
            if (!Extension.TryParse(text.Trim(), out var extension))
            {
                errors[ExtensionsField] = $"'{Shorten(text)}' is not an extension: digits only, at most {Extension.MaxLength}.";
            }
            else if (extensions.Contains(extension))
            {
                errors[ExtensionsField] = $"{extension} is listed twice.";
            }
            else
            {
                extensions.Add(extension);
            }
        }

        if (extensions.Count == 0 && !errors.ContainsKey(ExtensionsField))
        {
            errors[ExtensionsField] = "At least one extension is required.";
        }
        else if (extensions.Count > ProvisionedPhone.MaxExtensions)
        {
            errors[ExtensionsField] = $"At most {ProvisionedPhone.MaxExtensions} extensions per phone.";
        }

        var name = string.IsNullOrWhiteSpace(fields.DisplayName) ? null : fields.DisplayName.Trim();
        if (name is { Length: > ProvisionedPhone.MaxDisplayNameLength })
        {
            errors[DisplayNameField] = $"At most {ProvisionedPhone.MaxDisplayNameLength} characters.";
        }
        else if (name is not null && !DisplayText.IsPlain(name))
        {
            errors[DisplayNameField] = "Must not contain control characters such as line breaks, or broken characters.";
        }

        Language? language = null;
        if (!string.IsNullOrWhiteSpace(fields.Language))
        {
            if (EnumIds.TryParse<Language>(fields.Language.Trim(), out var parsed))
            {
                language = parsed;
            }
            else
            {
                errors[LanguageField] = "Must be de or en, or empty for the office default.";
            }
        }

        var webLogin = WebLogin(fields, existing is { } e && e.Mac == mac ? e.WebLogin : null, errors);
        if (errors.Count > before)
        {
            return null;
        }

        var token = existing is { } known && known.Mac == mac ? known.Token : PhoneToken.New();
        return new ProvisionedPhone(mac, model, extensions, name, language, webLogin, token, now);
    }

    private static PhoneWebLogin? WebLogin(PhoneFields fields, PhoneWebLogin? stored, IDictionary<string, string> errors)
    {
        var user = string.IsNullOrWhiteSpace(fields.WebUser) ? null : fields.WebUser.Trim();
        var password = string.IsNullOrEmpty(fields.WebPassword) ? null : fields.WebPassword;
        if (user is null)
        {
            if (password is not null)
            {
                errors[WebUserField] = "Required when a web password is given.";
            }

            return null;
        }

        if (!DisplayText.IsPlain(user) || user.Contains(':', StringComparison.Ordinal))
        {
            errors[WebUserField] = "Must not contain ':', control characters or broken characters.";
            return null;
        }

        if (password is not null && !DisplayText.IsPlain(password))
        {
            errors[WebPasswordField] = "Must not contain control characters or broken characters.";
            return null;
        }

        if (password is null && stored is null)
        {
            errors[WebPasswordField] = "Required with a web user, unless a password is already stored for this phone.";
            return null;
        }

        return new PhoneWebLogin(user, password ?? stored!.Password);
    }

    private static string Shorten(string text) => DisplayText.Shorten(text, 20);
}
