using System.Text;

namespace Platform.Modules.Providers.Tests;

/// <summary>Builders for uploads: a tiny real PDF, a PNG header, a text file pretending to be a PDF, a file over 20 MB.</summary>
public static class TestFiles
{
    public static byte[] Pdf(string note = "scan") => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n%" + note);

    public static byte[] NotAScan() => Encoding.UTF8.GetBytes("这不是扫描件，只是一个改了扩展名的文本文件。");

    public static byte[] Oversized()
    {
        var bytes = new byte[20 * 1024 * 1024 + 1];
        Pdf().CopyTo(bytes, 0);
        return bytes;
    }
}
