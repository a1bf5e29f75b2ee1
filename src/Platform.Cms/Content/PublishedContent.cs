using System.Text;
using Microsoft.Data.Sqlite;
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

    public async Task<ContentItem?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await FindJsonAsync(id, cancellationToken))?.ToItem();

    public async Task<PublishedItemJson?> FindJsonAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var lease = await reads.LeaseAsync(cancellationToken);
        await using var reader = await ReadLease.Set(lease.Command(Sql), "@id", id).ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        // SQLite hands over the stored UTF-8 text as it is; PostgreSQL's text arrives as a string.
        var json = reader is SqliteDataReader ? reader.GetFieldValue<byte[]>(11) : Encoding.UTF8.GetBytes(reader.GetString(11));
        return new PublishedItemJson(id, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(5),
            reader.GetInt32(4), reader.IsDBNull(6) ? null : Utc(reader.GetDateTime(6)), json, Utc(reader.GetDateTime(7)), reader.GetString(8),
            reader.GetInt32(9), reader.IsDBNull(10) ? null : reader.GetInt64(10));
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
