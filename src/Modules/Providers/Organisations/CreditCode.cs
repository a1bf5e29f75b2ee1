namespace Platform.Modules.Providers.Organisations;

/// <summary>
/// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character set (digits and
/// capital letters without I, O, Z, S, V); the last is a check character computed from the first 17 with fixed weights.
/// </summary>
public static class CreditCode
{
    private const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Upper-cases and removes spaces, as people type codes copied from a licence.</summary>
    public static string Normalise(string? code) => (code ?? "").Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    /// <summary>Null when the code is valid; otherwise what is wrong, in Chinese and English.</summary>
    public static (string Zh, string En)? Problem(string code)
    {
        if (code.Length != 18)
            return ($"统一社会信用代码应为 18 位，您输入了 {code.Length} 位。请对照营业执照重新填写。", $"The credit code must have 18 characters, not {code.Length}.");
        for (var i = 0; i < code.Length; i++)
        {
            if (!Charset.Contains(code[i], StringComparison.Ordinal))
                return ($"统一社会信用代码第 {i + 1} 位“{code[i]}”不是允许的字符（只含数字和除 I、O、Z、S、V 以外的大写字母）。",
                    $"Character {i + 1} ('{code[i]}') is not allowed in a credit code.");
        }
        if (!char.IsAsciiDigit(code[2]) || code[2..8].Any(c => !char.IsAsciiDigit(c)))
            return ("统一社会信用代码第 3 至 8 位应为登记机关的行政区划代码（数字）。", "Characters 3 to 8 must be the digits of a region code.");
        if (CheckCharacter(code.AsSpan(0, 17)) != code[17])
            return ("统一社会信用代码校验位不正确，请逐位核对营业执照上的代码。", "The credit code's check character is wrong; compare it with the licence.");
        return null;
    }

    /// <summary>True when the code is well formed and its check character is right.</summary>
    public static bool IsValid(string code) => Problem(code) is null;

    /// <summary>The check character for the first 17 characters (all from the charset).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Charset.IndexOf(first17[i], StringComparison.Ordinal) * Weights[i];
        var check = 31 - (sum % 31);
        return Charset[check == 31 ? 0 : check];
    }
}
