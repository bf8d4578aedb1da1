using System.Globalization;
using System.Text;

namespace SnomPresence.PhoneSimulator;

/// <summary>Draws the phone's display as text: title, lines or menu, input prompt, soft keys and the DND LED.</summary>
internal static class ScreenRenderer
{
    private const int Width = 34;

    public static string Render(SimulatedPhone phone)
    {
        var screen = phone.Screen;
        var text = new StringBuilder();
        var rule = new string('─', Width);
        text.AppendLine(CultureInfo.InvariantCulture, $"┌{rule}┐");
        text.AppendLine(Row(screen.Kind == "Idle" ? $"Snom {phone.BaseUrl}" : screen.Title ?? string.Empty));
        text.AppendLine(CultureInfo.InvariantCulture, $"├{rule}┤");
        foreach (var line in screen.Lines)
        {
            text.AppendLine(Row(line));
        }

        for (var i = 0; i < screen.Items.Count; i++)
        {
            var item = screen.Items[i];
            text.AppendLine(Row($"{(item.Selected ? '>' : ' ')}{i + 1}. {item.Name}"));
        }

        if (screen.Input is { } input)
        {
            text.AppendLine(Row($"{input.Label}: [{input.DefaultValue}]"));
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"├{rule}┤");
        var keys = string.Join(' ', screen.SoftKeys.Values.OrderBy(k => k.Name, StringComparer.Ordinal).Select(k => $"[{k.Name} {k.Label}]"));
        text.AppendLine(Row(keys));
        text.AppendLine(Row($"DND {(phone.Dnd ? "on" : "off")}   LED {(phone.Led is { } led ? $"{led.State} {led.Color}" : "off")}"));
        text.AppendLine(CultureInfo.InvariantCulture, $"└{rule}┘");
        if (!string.IsNullOrEmpty(phone.Status))
        {
            text.AppendLine(phone.Status);
        }

        return text.ToString();
    }

    private static string Row(string content) =>
        $"│{(content.Length > Width ? content[..(Width - 1)] + "…" : content.PadRight(Width))}│";
}
