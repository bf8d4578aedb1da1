using SnomPresence.Presence;

namespace SnomPresence.Web.Phone;

/// <summary>
/// The extension a read-only phone page is about, loaded before the handler runs, with the phone context in the
/// extension's language. <see cref="PhoneRequestFilter"/> answers "nicht eingerichtet" when it does not exist, so a
/// handler that takes one always has a state.
/// </summary>
internal sealed class KnownExtension
{
    private KnownExtension(PresenceState? state, PhoneContext phone)
    {
        Found = state;
        Phone = phone;
    }

    public PresenceState State => Found ?? throw new InvalidOperationException("The filter lets no unknown extension through.");

    public PhoneContext Phone { get; }

    internal PresenceState? Found { get; }

    public static async ValueTask<KnownExtension?> BindAsync(HttpContext context)
    {
        var phone = PhoneContext.For(context);
        var request = PhoneRequest.Parse(context.Request.Query);
        if (request.Problem is not null)
        {
            return new KnownExtension(null, phone);
        }

        var store = context.RequestServices.GetRequiredService<IPresenceStore>();
        var state = await store.GetAsync(request.Extension, context.RequestAborted).ConfigureAwait(false);
        return new KnownExtension(state, state is null ? phone : phone.For(state));
    }
}
