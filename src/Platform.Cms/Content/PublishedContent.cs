using System.Text.Json.Nodes;
using Platform.Core.Content;
using Platform.Core.Data;

namespace Platform.Cms.Content;

/// <summary>Published items read through <see cref="PreparedReads"/>: the item and its published version's JSON in one statement.</summary>
public sealed class PublishedContent(PreparedReads reads) : IPublishedContent
{
    private const string Sql = """
        SELECT i."ModuleId", i."ContentType", i."RegionCode", i."Owner", i."LatestVersion", i."PublishedVersion", i."PublishedAt",
               i."UpdatedAt", i."UpdatedBy", i."Revision", i."WorkflowInstanceId", v."Json"
        FROM core_content_items i JOIN core_content_versions v ON v."ItemId" = i."Id" AND v."Version" = i."PublishedVersion"
        WHERE i."Id" = @id
        """;

    public async Task<ContentItem?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var lease = await reads.LeaseAsync(cancellationToken);
        await using var reader = await ReadLease.Set(lease.Command(Sql), "@id", id).ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var version = reader.GetInt32(5);
        return new ContentItem(id, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), version, reader.GetInt32(4),
            version, reader.IsDBNull(6) ? null : Utc(reader.GetDateTime(6)), JsonNode.Parse(reader.GetString(11))!.AsObject(),
            Utc(reader.GetDateTime(7)), reader.GetString(8), reader.GetInt32(9), reader.IsDBNull(10) ? null : reader.GetInt64(10));
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
