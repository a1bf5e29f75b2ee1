namespace Platform.Core.Text;

/// <summary>
/// Text written to an exported spreadsheet (Excel or CSV) so that no spreadsheet program takes it for a formula
/// (OWASP "CSV injection"): a value starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage
/// return gets a leading apostrophe, and an import of the export takes that apostrophe off again.
/// Every export of every module writes its cells through <see cref="Safe(string?)"/>.
/// </summary>
public static class SpreadsheetCells
{
    private const char Guard = '\'';

    /// <summary>The value as it may be written to a cell (null stays null).</summary>
    public static string? Safe(string? value) => value is { Length: > 0 } && IsTrigger(value[0]) ? Guard + value : value;

    /// <summary>Every string value of a row made <see cref="Safe(string?)"/> (numbers, dates and nulls are left as they are).</summary>
    public static Dictionary<string, object?> Safe(IDictionary<string, object?> row) =>
        row.ToDictionary(c => c.Key, c => c.Value is string s ? Safe(s) : c.Value, StringComparer.Ordinal);

    /// <summary>A cell read back from an export: the apostrophe <see cref="Safe(string?)"/> added is removed.</summary>
    public static string? Restore(string? value) =>
        value is { Length: > 1 } && value[0] == Guard && IsTrigger(value[1]) ? value[1..] : value;

    private static bool IsTrigger(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';
}
