namespace SnomPresence.Provisioning;

/// <summary>Templates that cannot be used; each error names its file and line.</summary>
public sealed class TemplateException(IReadOnlyList<string> errors)
    : Exception("Phone templates cannot be used: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
