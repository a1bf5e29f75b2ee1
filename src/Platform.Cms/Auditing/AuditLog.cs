using Platform.Cms.Data;
using Platform.Core.Auditing;

namespace Platform.Cms.Auditing;

public sealed class AuditLog(CoreDbContext db) : IAuditLog
{
    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        db.AddAudit(entry.Action, entry.Actor, entry.RegionCode, entry.ModuleId, entry.Before, entry.After);
        await db.SaveChangesAsync(cancellationToken);
    }
}
