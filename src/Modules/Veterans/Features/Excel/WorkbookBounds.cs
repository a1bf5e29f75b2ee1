using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace Platform.Modules.Veterans.Features.Excel;

/// <summary>
/// What a registry workbook may declare, checked before it is read: a small file can claim a sheet of a million rows
/// and 16,384 columns (the reader fills every row up to the last declared one), or unpack to gigabytes. Only the zip's
/// directory and each sheet's opening up to its dimension are read, so the check costs nothing next to the import.
/// The streamed read stops at <see cref="MaxRows"/> too, for a sheet that declares no dimension.
/// </summary>
public static class WorkbookBounds
{
    /// <summary>Data rows one import takes (the import is measured at 240,000: bench/veterans-import).</summary>
    public const int MaxRows = 300_000;

    /// <summary>Columns a sheet may span (the template has 22; room for a bureau's own notes).</summary>
    public const int MaxColumns = 100;

    /// <summary>Unpacked size of one worksheet or of the shared strings (the 240,000-row benchmark file unpacks to about 260 MB).</summary>
    public const long MaxPartBytes = 1024L * 1024 * 1024;

    private const int MaxElementsBeforeData = 10_000;

    /// <summary>Null when the workbook may be read, else the refusal in Chinese (what is wrong and what to do).</summary>
    public static string? Check(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            foreach (var entry in zip.Entries.Where(IsPart))
            {
                if (entry.Length > MaxPartBytes)
                    return $"文件中的“{entry.Name}”解压后有 {entry.Length / (1024 * 1024):N0} MB，超过上限 {MaxPartBytes / (1024 * 1024):N0} MB。"
                        + "请删除多余内容，或把名册分成几个文件分别导入。";
                if (!entry.FullName.Contains("worksheets/", StringComparison.OrdinalIgnoreCase)) continue;
                if (Dimension(entry) is { } dimension && Refusal(dimension) is { } refusal) return refusal;
            }
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or XmlException or NotSupportedException)
        {
            return RegistryImport.Unreadable;
        }
    }

    private static bool IsPart(ZipArchiveEntry entry) =>
        entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)
        && (entry.FullName.Contains("worksheets/", StringComparison.OrdinalIgnoreCase)
            || entry.Name.Equals("sharedStrings.xml", StringComparison.OrdinalIgnoreCase));

    /// <summary>The sheet's declared range (<c>&lt;dimension ref="A1:V240001"/&gt;</c>), read no further than the rows.</summary>
    private static string? Dimension(ZipArchiveEntry sheet)
    {
        using var stream = sheet.Open();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };
        using var reader = XmlReader.Create(stream, settings);
        for (var elements = 0; elements < MaxElementsBeforeData && reader.Read();)
        {
            if (reader.NodeType != XmlNodeType.Element) continue;
            elements++;
            if (reader.LocalName == "dimension") return reader.GetAttribute("ref");
            if (reader.LocalName == "sheetData") return null;
        }
        return null;
    }

    private static string? Refusal(string dimension)
    {
        var last = dimension.Split(':')[^1].Replace("$", "", StringComparison.Ordinal);
        var letters = last.TakeWhile(char.IsAsciiLetter).Count();
        if (letters is 0 or > 3 || !int.TryParse(last.AsSpan(letters), NumberStyles.None, CultureInfo.InvariantCulture, out var rows))
            return null; // not a range the reader understands either: it refuses the file itself
        var columns = last[..letters].ToUpperInvariant().Aggregate(0, (n, c) => (n * 26) + (c - 'A' + 1));
        return rows - 1 > MaxRows || columns > MaxColumns
            ? $"表格声明的范围是 {dimension}（{rows:N0} 行、{columns:N0} 列），超过一次导入的上限（{MaxRows:N0} 行数据、{MaxColumns} 列）。"
              + "请删除多余的空行和空列（或把名册分成几个文件），另存后重新上传。"
            : null;
    }
}
