using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Core;
using Platform.Core.Content;
using Platform.Core.Media;
using Platform.Core.Modules;

namespace Platform.Cms.Content;

/// <summary>
/// Checks an item's fields against its type before anything is saved: required fields, lengths (no silent
/// truncation: too long is refused), dates, tags, that media exist, belong to the module and are of the allowed
/// kind, that references point at items of the right type; rich text is sanitised. Every problem is reported at
/// once, in Chinese, naming the field.
/// </summary>
public sealed class ContentValidator(CoreDbContext db, IHtmlSanitizer sanitizer)
{
    private const int MaxJsonBytes = 2 * 1024 * 1024;

    public async Task<JsonObject> ValidateAsync(string moduleId, ContentTypeDescriptor type, JsonObject input, CancellationToken ct)
    {
        var errors = new List<string>();
        var output = new JsonObject();
        foreach (var name in input.Select(p => p.Key).Where(k => type.Fields.All(f => f.Name != k)))
            errors.Add($"未知字段“{name}”");
        foreach (var field in type.Fields)
        {
            var value = input[field.Name];
            if (value is null || value.GetValueKind() == JsonValueKind.Null || (value is JsonValue v && v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s))
                || (value is JsonArray a && a.Count == 0))
            {
                if (field.Required) errors.Add($"{field.LabelZh}：必填");
                continue;
            }
            try
            {
                output[field.Name] = await CheckAsync(moduleId, field, value, ct);
            }
            catch (FieldException ex)
            {
                errors.Add($"{field.LabelZh}：{ex.Message}");
            }
        }
        if (output.ToJsonString().Length > MaxJsonBytes) errors.Add("内容过长：单个条目不能超过 2 MB 文字");
        if (errors.Count > 0)
            throw PlatformException.Invalid("未保存，请修改：" + string.Join("；", errors) + "。", "Not saved: " + string.Join("; ", errors));
        return output;
    }

    private async Task<JsonNode> CheckAsync(string moduleId, ContentField field, JsonNode value, CancellationToken ct)
    {
        switch (field.Kind)
        {
            case ContentFieldKind.Text:
            case ContentFieldKind.LongText:
                return Text(value, field.MaxLength > 0 ? field.MaxLength : field.Kind == ContentFieldKind.Text ? 200 : 200_000, field.Kind == ContentFieldKind.Text);
            case ContentFieldKind.RichText:
                var html = sanitizer.Sanitize(String(value));
                var limit = field.MaxLength > 0 ? field.MaxLength : 200_000;
                return html.Length > limit ? throw new FieldException($"超过 {limit} 字") : JsonValue.Create(html);
            case ContentFieldKind.Date:
                return DateOnly.TryParseExact(String(value), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                    : throw new FieldException("日期请写成 2024-05-01 的格式");
            case ContentFieldKind.Number:
                return value is JsonValue n && n.GetValueKind() == JsonValueKind.Number ? n.DeepClone() : throw new FieldException("须为数字");
            case ContentFieldKind.Boolean:
                return value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? b.DeepClone() : throw new FieldException("须为是或否");
            case ContentFieldKind.Tags:
                var tags = Array(value).Select(t => Text(t, 50, true).GetValue<string>()).Distinct(StringComparer.Ordinal).ToList();
                if (tags.Count > (field.MaxLength > 0 ? field.MaxLength : 50)) throw new FieldException("标签太多");
                return new JsonArray([.. tags.Select(t => (JsonNode)JsonValue.Create(t))]);
            case ContentFieldKind.Media:
                return JsonValue.Create(await MediaAsync(moduleId, field, String(value), ct));
            case ContentFieldKind.MediaList:
                var list = new JsonArray();
                var entries = Array(value);
                if (entries.Count > (field.MaxLength > 0 ? field.MaxLength : 50)) throw new FieldException("文件太多");
                foreach (var entry in entries)
                {
                    if (entry is not JsonObject o || o["media"] is null) throw new FieldException("每项须有文件（media）和说明（caption）");
                    var caption = o["caption"] is { } c ? Text(c, 500, false).GetValue<string>() : "";
                    list.Add(new JsonObject { ["media"] = await MediaAsync(moduleId, field, String(o["media"]!), ct), ["caption"] = caption });
                }
                return list;
            case ContentFieldKind.Reference:
                var id = String(value);
                var exists = await db.ContentItems.AnyAsync(i => i.Id == id && i.ModuleId == moduleId && (field.ReferenceType == null || i.ContentType == field.ReferenceType), ct);
                return exists ? JsonValue.Create(id) : throw new FieldException("引用的条目不存在");
            case ContentFieldKind.Veteran:
                return Text(value, 64, true);
            default:
                return value.DeepClone();
        }
    }

    private async Task<string> MediaAsync(string moduleId, ContentField field, string id, CancellationToken ct)
    {
        var media = await db.Media.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct)
            ?? throw new FieldException("文件不存在，请重新上传");
        if (media.Module != moduleId) throw new FieldException("文件不属于本模块");
        if (field.Media is { } policy && !policy.Allowed.Contains(Enum.Parse<MediaKind>(media.Kind)))
            throw new FieldException($"文件类型不符，需要{policy.NameZh}");
        return id;
    }

    private static JsonValue Text(JsonNode value, int max, bool singleLine)
    {
        var text = String(value).Trim();
        if (singleLine && text.Contains('\n', StringComparison.Ordinal)) throw new FieldException("只能填一行");
        return text.Length > max ? throw new FieldException($"最多 {max} 字（现有 {text.Length} 字）") : JsonValue.Create(text);
    }

    private static string String(JsonNode value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FieldException("须为文字");

    private static List<JsonNode> Array(JsonNode value) =>
        value is JsonArray a ? a.Where(n => n is not null).Select(n => n!).ToList() : throw new FieldException("须为列表");

    private sealed class FieldException(string message) : Exception(message);
}
