using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Provisioning;

namespace SnomPresence.Web.Provisioning;

/// <param name="Created">MACs of phones the import adds.</param>
/// <param name="Updated">MACs of phones the import changes.</param>
/// <param name="Applied">Whether the inventory was changed: never on a dry run, never with errors.</param>
internal sealed record ImportReport(bool DryRun, bool Applied, int Rows, string[] Created, string[] Updated, CsvError[] Errors);

/// <summary>Every change to the inventory: one phone at a time, a CSV import, a token rotation, a removal.</summary>
internal sealed class InventoryEditor(
    IPhoneInventory inventory,
    PhoneProvisioning provisioning,
    IOptions<ProvisioningOptions> options,
    PresenceService presence,
    TimeProvider time)
{
    /// <summary>The origin history records for names taken from the inventory.</summary>
    public const string NameOrigin = "inventory";

    /// <summary>Creates or replaces the phone; a new phone gets its token here.</summary>
    /// <returns>The stored phone and whether it is new, or the errors by field.</returns>
    public async Task<(ProvisionedPhone? Phone, bool Created, Dictionary<string, string> Errors)> SaveAsync(PhoneFields fields, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var existing = MacAddress.TryParse(fields.Mac?.Trim(), out var mac) ? await inventory.GetAsync(mac, cancellationToken).ConfigureAwait(false) : null;
        var phone = Enrollment(PhoneInput.Apply(fields, existing, provisioning.Templates, time.GetUtcNow(), errors), existing);
        if (phone is null)
        {
            return (null, false, errors);
        }

        await inventory.SaveAsync([phone], cancellationToken).ConfigureAwait(false);
        await provisioning.SyncOutputAsync([phone], [], cancellationToken).ConfigureAwait(false);
        await NameExtensionsAsync([phone], cancellationToken).ConfigureAwait(false);
        return (phone, existing is null, errors);
    }

    /// <summary>Checks every row and, unless it is a dry run or any row is wrong, saves them all in one go.</summary>
    /// <param name="progress">Told how many rows are checked so far.</param>
    public async Task<ImportReport> ImportAsync(string csv, bool dryRun, CancellationToken cancellationToken, IProgress<int>? progress = null)
    {
        var errors = new List<CsvError>();
        var rows = PhoneCsv.Read(csv, errors);
        var known = (await inventory.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Mac);
        var seen = new Dictionary<MacAddress, int>();
        var phones = new List<ProvisionedPhone>();
        var created = new List<string>();
        var updated = new List<string>();
        var now = time.GetUtcNow();
        var checkedRows = 0;
        foreach (var row in rows)
        {
            progress?.Report(checkedRows++);
            var rowErrors = new Dictionary<string, string>();
            var existing = MacAddress.TryParse(row.Fields.Mac?.Trim(), out var mac) ? known.GetValueOrDefault(mac) : null;
            var phone = Enrollment(PhoneInput.Apply(row.Fields, existing, provisioning.Templates, now, rowErrors), existing);
            errors.AddRange(rowErrors.Select(e => new CsvError(row.Line, PhoneCsv.Column(e.Key), e.Value)));
            if (phone is null)
            {
                continue;
            }

            if (seen.TryGetValue(phone.Mac, out var firstLine))
            {
                errors.Add(new CsvError(row.Line, "mac", $"{phone.Mac} is already on line {firstLine}."));
                continue;
            }

            seen[phone.Mac] = row.Line;
            phones.Add(phone);
            (existing is null ? created : updated).Add(phone.Mac.Value);
        }

        progress?.Report(checkedRows);
        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        var apply = !dryRun && errors.Count == 0;
        if (apply && phones.Count > 0)
        {
            await inventory.SaveAsync(phones, cancellationToken).ConfigureAwait(false);
            await provisioning.SyncOutputAsync(phones, [], cancellationToken).ConfigureAwait(false);
            await NameExtensionsAsync(phones, cancellationToken).ConfigureAwait(false);
        }

        return new ImportReport(dryRun, apply, rows.Count, [.. created], [.. updated], [.. errors]);
    }

    /// <summary>
    /// Gives the phone a new token. The old one keeps working for <c>Provisioning:TokenGracePeriod</c>, until the phone
    /// has fetched its new settings, unless <paramref name="immediately"/> (a leaked token) ends it now.
    /// </summary>
    public async Task<ProvisionedPhone?> RotateTokenAsync(MacAddress mac, bool immediately, CancellationToken cancellationToken)
    {
        if (await inventory.GetAsync(mac, cancellationToken).ConfigureAwait(false) is not { } phone)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var token = immediately ? PhoneToken.New() : phone.Token.Rotate(now + options.Value.TokenGracePeriod);
        // A new token opens enrollment again: a phone whose own login was lost (a reset) gets back in with the shared one.
        var rotated = phone with { Token = token, UpdatedAt = now, EnrollmentUntil = now + options.Value.EnrollmentWindow };
        await inventory.SaveAsync([rotated], cancellationToken).ConfigureAwait(false);
        await provisioning.SyncOutputAsync([rotated], [], cancellationToken).ConfigureAwait(false);
        return rotated;
    }

    /// <summary>
    /// The phone's display name names its existing extensions, unless an admin or 3CX named them; a phone without
    /// one takes back only the name it gave. Extensions a phone has not announced yet stay unnamed until then.
    /// </summary>
    private async Task NameExtensionsAsync(IReadOnlyList<ProvisionedPhone> phones, CancellationToken cancellationToken)
    {
        foreach (var phone in phones)
        {
            var name = ExtensionName.TryCreate(phone.DisplayName, NameSource.Inventory, out var named, out _) ? named : null;
            foreach (var extension in phone.Extensions)
            {
                await presence.SetNameAsync(extension, name, NameSource.Inventory, ChangeActor.Admin(NameOrigin), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A new phone enrolls for <c>Provisioning:EnrollmentWindow</c>; a changed one keeps where its enrollment stands.</summary>
    private ProvisionedPhone? Enrollment(ProvisionedPhone? phone, ProvisionedPhone? existing) => phone is null ? null
        : phone with { EnrollmentUntil = existing is null ? phone.UpdatedAt + options.Value.EnrollmentWindow : existing.EnrollmentUntil };

    public async Task<bool> DeleteAsync(MacAddress mac, CancellationToken cancellationToken)
    {
        var phone = await inventory.GetAsync(mac, cancellationToken).ConfigureAwait(false);
        if (phone is null || !await inventory.DeleteAsync(mac, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await provisioning.SyncOutputAsync([], [phone], cancellationToken).ConfigureAwait(false);
        return true;
    }
}
