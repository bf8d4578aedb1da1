using System.Globalization;
using System.Text;
using SnomPresence.Presence;

namespace SnomPresence.PhoneSimulator;

/// <summary>
/// Draws the phone's display as text: title, lines or menu, input prompt, soft keys and the Status key's LED. A
/// monochrome model draws characters its font lacks as □, and an LED a page took over from another key is named,
/// since on the phone that key's LED would stop showing its own state.
/// </summary>
internal static class ScreenRenderer
{
    private const int Width = 34;

    public static string Render(SimulatedPhone phone)
    {
        var screen = phone.Screen;
        var text = new StringBuilder();
        var rule = new string('─', Width);
        text.AppendLine(CultureInfo.InvariantCulture, $"┌{rule}┐");
        text.AppendLine(Row(screen.Kind == "Idle" ? $"Snom {phone.Model.Model} {phone.BaseUrl}" : Shown(phone, screen.Title ?? string.Empty)));
        text.AppendLine(CultureInfo.InvariantCulture, $"├{rule}┤");
        foreach (var line in screen.Lines)
        {
            text.AppendLine(Row(Shown(phone, line)));
        }

        for (var i = 0; i < screen.Items.Count; i++)
        {
            var item = screen.Items[i];
            text.AppendLine(Row($"{(item.Selected ? '>' : ' ')}{i + 1}. {Shown(phone, item.Name)}"));
        }

        if (screen.Input is { } input)
        {
            text.AppendLine(Row($"{input.Label}: [{input.DefaultValue}]"));
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"├{rule}┤");
        var keys = string.Join(' ', screen.SoftKeys.Values.OrderBy(k => k.Name, StringComparer.Ordinal).Select(k => $"[{k.Name} {Shown(phone, k.Label)}]"));
        text.AppendLine(Row(keys));
        text.AppendLine(Row($"DND {(phone.Dnd ? "on" : "off")}   LED {(phone.Led is { } led ? $"{led.State} {led.Color}" : "off")}"));
        foreach (var (number, other) in phone.Leds.Where(l => l.Key != phone.StatusKeyLed).OrderBy(l => l.Key))
        {
            text.AppendLine(Row($"LED {number} {other.State}: not the Status key's"));
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"└{rule}┘");
        if (!string.IsNullOrEmpty(phone.Status))
        {
            text.AppendLine(phone.Status);
        }

        return text.ToString();
    }

    private static string Shown(SimulatedPhone phone, string text) =>
        phone.Model.Colour ? text : string.Concat(text.Select(c => SnomModels.MonochromeFontHas(c) ? c : '□'));

    private static string Row(string content) =>
        $"│{(content.Length > Width ? content[..(Width - 1)] + "…" : content.PadRight(Width))}│";
}
