using System.Text;
using System.Text.Json;

namespace Platform.Core.Workflows;

/// <summary>A JSON value with the line it starts on, so a definition error can name the line that is wrong.</summary>
public sealed class LineJson
{
    private LineJson(JsonValueKind kind, int line) => (Kind, Line) = (kind, line);

    /// <summary>Object, array, string, number, true/false or null.</summary>
    public JsonValueKind Kind { get; }

    /// <summary>1-based line of the value's first character.</summary>
    public int Line { get; }

    /// <summary>String (or raw number) text; null for objects and arrays.</summary>
    public string? Text { get; private init; }

    /// <summary>Members of an object, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, LineJson>> Members { get; private init; } = [];

    /// <summary>Items of an array.</summary>
    public IReadOnlyList<LineJson> Items { get; private init; } = [];

    /// <summary>The member named <paramref name="name"/>, or null.</summary>
    public LineJson? this[string name] => Members.FirstOrDefault(m => m.Key == name).Value;

    /// <summary>Parses UTF-8 JSON (comments and trailing commas allowed, since people edit these files).</summary>
    /// <exception cref="JsonException">Malformed JSON; its LineNumber is 0-based.</exception>
    public static LineJson Parse(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!reader.Read()) throw new JsonException("The file is empty.");
        return Read(ref reader, utf8);
    }

    private static LineJson Read(ref Utf8JsonReader reader, byte[] utf8)
    {
        var line = LineOf(utf8, (int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var members = new List<KeyValuePair<string, LineJson>>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    members.Add(KeyValuePair.Create(name, Read(ref reader, utf8)));
                }
                return new LineJson(JsonValueKind.Object, line) { Members = members };
            }
            case JsonTokenType.StartArray:
            {
                var items = new List<LineJson>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(Read(ref reader, utf8));
                return new LineJson(JsonValueKind.Array, line) { Items = items };
            }
            case JsonTokenType.String:
                return new LineJson(JsonValueKind.String, line) { Text = reader.GetString() };
            case JsonTokenType.Number:
                return new LineJson(JsonValueKind.Number, line) { Text = Encoding.UTF8.GetString(reader.ValueSpan) };
            case JsonTokenType.True:
                return new LineJson(JsonValueKind.True, line);
            case JsonTokenType.False:
                return new LineJson(JsonValueKind.False, line);
            default:
                return new LineJson(JsonValueKind.Null, line);
        }
    }

    private static int LineOf(byte[] utf8, int index) => 1 + utf8.AsSpan(0, index).Count((byte)'\n');
}
