using System.Text.Json;
using Platform.Core.Content;
using Platform.Modules.OralHistory.Features.Transcripts;

namespace Platform.Modules.OralHistory.Features.Stories;

/// <summary>
/// Reads a story from its stored JSON with a <see cref="Utf8JsonReader"/>: the public page straight from the published
/// bytes (no <c>JsonObject</c> for every field of every visitor's page: parsing and mapping the nodes was a tenth of an
/// uncached story page), everything else through <see cref="Story.From(ContentItem)"/>.
/// </summary>
internal static class StoryJson
{
    public static Story From(PublishedItemJson item) => From(item.Id, item.RegionCode, item.Fields.Span, item.PublishedAt, item.UpdatedAt);

    /// <summary>The story in a content item's fields (UTF-8 JSON): what is not there, or not of its kind, is empty.</summary>
    public static Story From(string id, string regionCode, ReadOnlySpan<byte> fields, DateTime? publishedAt, DateTime updatedAt)
    {
        var reader = new Utf8JsonReader(fields);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"The published fields of {id} are not a JSON object.");
        string? title = null, veteran = null, narrator = null, interviewers = null, date = null, place = null, summary = null, audio = null, video = null;
        List<string> eras = [];
        List<StoryPhoto> photos = [];
        int? year = null;
        var transcript = Transcript.Empty;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader;
            reader.Read();
            if (name.ValueTextEquals("title"u8)) title = Text(ref reader);
            else if (name.ValueTextEquals("narrator"u8)) veteran = Text(ref reader);
            else if (name.ValueTextEquals("narratorName"u8)) narrator = Text(ref reader);
            else if (name.ValueTextEquals("interviewers"u8)) interviewers = Text(ref reader);
            else if (name.ValueTextEquals("interviewDate"u8)) date = Text(ref reader);
            else if (name.ValueTextEquals("interviewPlace"u8)) place = Text(ref reader);
            else if (name.ValueTextEquals("summary"u8)) summary = Text(ref reader);
            else if (name.ValueTextEquals("audio"u8)) audio = Text(ref reader);
            else if (name.ValueTextEquals("video"u8)) video = Text(ref reader);
            else if (name.ValueTextEquals("year"u8)) year = Number(ref reader);
            else if (name.ValueTextEquals("eras"u8)) eras = Strings(ref reader, keepEmpty: true);
            else if (name.ValueTextEquals("photos"u8)) photos = Photos(ref reader);
            else if (name.ValueTextEquals("transcript"u8)) transcript = Transcript.Read(ref reader);
            else reader.Skip();
        }
        return new Story(
            id, regionCode, title ?? "", veteran ?? "", narrator ?? "",
            (interviewers ?? "").Split('、', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            date, place, eras, year, summary ?? "", transcript, photos,
            string.IsNullOrEmpty(audio) ? null : audio, string.IsNullOrEmpty(video) ? null : video, publishedAt, updatedAt);
    }

    /// <summary>The string at the reader, else null (a number, a list or an object is skipped).</summary>
    internal static string? Text(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        reader.Skip();
        return null;
    }

    /// <summary>A list's strings (anything else in it is skipped); an empty list when the value is not a list.</summary>
    internal static List<string> Strings(ref Utf8JsonReader reader, bool keepEmpty)
    {
        List<string> strings = [];
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return strings;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            if (Text(ref reader) is { } s && (keepEmpty || s.Length > 0)) strings.Add(s);
        return strings;
    }

    /// <summary>A whole number (a fraction is cut, as <c>(int)</c> does); null for anything but a number.</summary>
    private static int? Number(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return null;
        }
        return reader.TryGetInt32(out var i) ? i : (int)reader.GetDouble();
    }

    /// <summary>The photos with a media id, in order; entries that are not objects are skipped.</summary>
    private static List<StoryPhoto> Photos(ref Utf8JsonReader reader)
    {
        List<StoryPhoto> photos = [];
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return photos;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            string? media = null, caption = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader;
                reader.Read();
                if (name.ValueTextEquals("media"u8)) media = Text(ref reader);
                else if (name.ValueTextEquals("caption"u8)) caption = Text(ref reader);
                else reader.Skip();
            }
            if (media is { Length: > 0 }) photos.Add(new StoryPhoto(media, caption ?? ""));
        }
        return photos;
    }
}
