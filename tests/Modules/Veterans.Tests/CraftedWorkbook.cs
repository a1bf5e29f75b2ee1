using System.IO.Compression;
using System.Security;
using System.Text;

namespace Platform.Veterans.Tests;

/// <summary>
/// A .xlsx written by hand (a zip of the minimal parts), for files no spreadsheet program would save: a declared
/// range of a million rows, a row far below the others, a shared string longer than a cell may hold.
/// </summary>
public static class CraftedWorkbook
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>A cell holding inline text.</summary>
    public static string Text(string reference, string value) =>
        $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(value)}</t></is></c>";

    /// <summary>A cell pointing at shared string <paramref name="index"/>.</summary>
    public static string Shared(string reference, int index) => $"<c r=\"{reference}\" t=\"s\"><v>{index}</v></c>";

    /// <summary>A row of cells (numbered from 1).</summary>
    public static string Row(int number, params string[] cells) => $"<row r=\"{number}\">{string.Concat(cells)}</row>";

    /// <summary>The header row of the registry's required columns, as inline text, in row 1.</summary>
    public static string Headers() => Row(1, Text("A1", "姓名"), Text("B1", "性别"), Text("C1", "出生日期"), Text("D1", "地区代码"), Text("E1", "职级"));

    /// <summary>The workbook: one sheet of <paramref name="rows"/>, its dimension and shared strings when given.</summary>
    public static byte[] Build(string? dimension, IEnumerable<string> rows, IEnumerable<string>? sharedStrings = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            const string Package = "http://schemas.openxmlformats.org/package/2006";
            const string Office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
            const string Types = "application/vnd.openxmlformats-officedocument.spreadsheetml";
            Part(zip, "[Content_Types].xml", $"""
                <?xml version="1.0" encoding="UTF-8"?><Types xmlns="{Package}/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="{Types}.sheet.main+xml"/>
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="{Types}.worksheet+xml"/>
                <Override PartName="/xl/sharedStrings.xml" ContentType="{Types}.sharedStrings+xml"/></Types>
                """);
            Part(zip, "_rels/.rels", $"""
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{Package}/relationships">
                <Relationship Id="rId1" Type="{Office}/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """);
            Part(zip, "xl/workbook.xml", $"""
                <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{Main}" xmlns:r="{Office}">
                <sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            Part(zip, "xl/_rels/workbook.xml.rels", $"""
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{Package}/relationships">
                <Relationship Id="rId1" Type="{Office}/worksheet" Target="worksheets/sheet1.xml"/>
                <Relationship Id="rId2" Type="{Office}/sharedStrings" Target="sharedStrings.xml"/></Relationships>
                """);
            var sheet = new StringBuilder($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Main}\">");
            if (dimension is not null) sheet.Append("<dimension ref=\"").Append(dimension).Append("\"/>");
            sheet.Append("<sheetData>");
            foreach (var row in rows) sheet.Append(row);
            sheet.Append("</sheetData></worksheet>");
            Part(zip, "xl/worksheets/sheet1.xml", sheet.ToString());
            if (sharedStrings is not null)
            {
                var strings = new StringBuilder($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{Main}\">");
                foreach (var s in sharedStrings) strings.Append("<si><t>").Append(SecurityElement.Escape(s)).Append("</t></si>");
                Part(zip, "xl/sharedStrings.xml", strings.Append("</sst>").ToString());
            }
        }
        return buffer.ToArray();
    }

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
        writer.Write(xml);
    }
}
