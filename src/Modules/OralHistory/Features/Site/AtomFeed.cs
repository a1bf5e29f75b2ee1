using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Platform.Core.Content;
using Platform.Core.Regions;
using Platform.Modules.OralHistory.Features.Stories;

namespace Platform.Modules.OralHistory.Features.Site;

/// <summary>The region's newest published stories as an Atom 1.0 feed (RFC 4287).</summary>
internal static class AtomFeed
{
    private const string Atom = "http://www.w3.org/2005/Atom";

    public static async Task<IResult> Render(string region, HttpContext http, IContentStore content, IRegionDirectory regions)
    {
        var ct = http.RequestAborted;
        var here = await regions.FindAsync(region, ct);
        if (here is null) return Results.NotFound();
        var items = await content.ListPublishedAsync(new ContentQuery(StoryType.ModuleId, StoryType.Name, region, null, 0, 20), ct);
        var site = $"{http.Request.Scheme}://{http.Request.Host}";
        var self = $"{site}{PublicModels.Base(region)}/feed.atom";
        var output = new StringBuilder();
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Async = true }))
        {
            xml.WriteStartElement("feed", Atom);
            xml.WriteElementString("title", Atom, $"{here.Name} · 口述历史");
            xml.WriteElementString("id", Atom, self);
            xml.WriteElementString("updated", Atom, Stamp(items.Select(i => i.PublishedAt ?? i.UpdatedAt).DefaultIfEmpty(DateTime.UnixEpoch).Max()));
            Link(xml, self, "self");
            Link(xml, $"{site}{PublicModels.Base(region)}/", "alternate");
            foreach (var story in items.Select(Story.From))
            {
                var url = $"{site}{PublicModels.Base(region)}/stories/{Uri.EscapeDataString(story.Id)}";
                xml.WriteStartElement("entry", Atom);
                xml.WriteElementString("title", Atom, story.Title);
                xml.WriteElementString("id", Atom, url);
                xml.WriteElementString("updated", Atom, Stamp(story.PublishedAt ?? story.UpdatedAt));
                xml.WriteStartElement("author", Atom);
                xml.WriteElementString("name", Atom, story.NarratorName);
                xml.WriteEndElement();
                Link(xml, url, "alternate");
                foreach (var era in story.Eras)
                {
                    xml.WriteStartElement("category", Atom);
                    xml.WriteAttributeString("term", era);
                    xml.WriteEndElement();
                }
                xml.WriteElementString("summary", Atom, story.Summary);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return Results.Text(output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), "application/atom+xml; charset=utf-8");
    }

    private static string Stamp(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static void Link(XmlWriter xml, string href, string rel)
    {
        xml.WriteStartElement("link", Atom);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }
}
