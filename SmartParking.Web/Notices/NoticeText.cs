using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace SmartParking.Web.Notices;

/// <summary>A stored notice as a sentence in the reader's language: the template's text with its {placeholders} filled.</summary>
public static partial class NoticeText
{
    public static string Render(IStringLocalizer localizer, string template, string parameters)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var property in JsonDocument.Parse(parameters).RootElement.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }
        catch (JsonException)
        {
            // An unreadable row still shows its template's sentence rather than breaking the inbox.
        }

        return Placeholder().Replace(localizer["Notice_" + template].Value, m => values.GetValueOrDefault(m.Groups[1].Value, m.Value));
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Placeholder();
}
