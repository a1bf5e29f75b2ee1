using System.Globalization;

namespace Platform.Core.Text;

/// <summary>
/// Picks the Chinese or the English form of a text by the current UI culture. Chinese is the default;
/// English is shown when the request culture is English.
/// </summary>
public static class Bilingual
{
    /// <summary>True when the current UI culture is English.</summary>
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The text in the current language.</summary>
    public static string T(string zh, string en) => IsEnglish ? en : zh;
}
