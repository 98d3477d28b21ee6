using System.Globalization;
using System.Resources;
using SmartParking.Domain.Common;

namespace SmartParking.Web;

/// <summary>
/// Anchor type for Resources/ErrorText*.resx (zh-CN neutral, English satellite): the sentences behind domain error
/// codes and API problems. It also words them, so a page or an endpoint shows a domain error in the reader's language
/// with <c>ErrorText.Describe(ex)</c>; the culture is the request's or circuit's UI culture unless one is given.
/// </summary>
public sealed class ErrorText
{
    private static readonly ResourceManager Sentences = new("SmartParking.Web.Resources.ErrorText", typeof(ErrorText).Assembly);

    public static string Describe(DomainException exception, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Describe(exception.Error, culture);
    }

    public static string Describe(DomainError error, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        culture ??= CultureInfo.CurrentUICulture;
        var arguments = error.Arguments.Select(a => a is DomainError inner ? Describe(inner, culture) : a).ToArray();
        return Format(error.Code, culture, arguments);
    }

    /// <summary>
    /// A stored reason (a gate event's, a review item's): a coded one in the reader's language, a guard's own words
    /// and rows from before the codes as they were written.
    /// </summary>
    public static string DescribeReason(string? stored, CultureInfo? culture = null) =>
        DomainError.TryDecode(stored, out var error) && Knows(error.Code) ? Describe(error, culture) : stored ?? "";

    /// <summary>The sentence of a resource key (an API problem's, say) with its arguments filled in.</summary>
    public static string Get(string key, params object[] arguments) => Format(key, CultureInfo.CurrentUICulture, arguments);

    /// <summary>Whether the code has a sentence: a code without one would reach the reader as a bare code.</summary>
    public static bool Knows(string code) => Sentences.GetString(code, CultureInfo.InvariantCulture) is not null;

    private static string Format(string key, CultureInfo culture, object[] arguments)
    {
        // An unknown code still says something a support call can quote, rather than throwing over an error message.
        var template = Sentences.GetString(key, culture) ?? key;
        return arguments.Length == 0 ? template : string.Format(culture, template, arguments);
    }
}
