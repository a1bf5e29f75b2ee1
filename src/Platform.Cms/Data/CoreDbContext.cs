using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;

namespace Platform.Cms.Data;

public sealed class CoreDbContext(DbContextOptions<CoreDbContext> options) : ModuleDbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<RegionFeature> Features => Set<RegionFeature>();
    public DbSet<AuditRecord> Audit => Set<AuditRecord>();
    public DbSet<StateVersion> StateVersions => Set<StateVersion>();
    public DbSet<WorkflowInstance> WorkflowInstances => Set<WorkflowInstance>();
    public DbSet<WorkflowHistoryRow> WorkflowHistory => Set<WorkflowHistoryRow>();
    public DbSet<WorkflowTimer> WorkflowTimers => Set<WorkflowTimer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Region>(e =>
        {
            e.ToTable("core_regions");
            e.HasKey(r => r.Code);
        });
        modelBuilder.Entity<RegionFeature>(e =>
        {
            e.ToTable("core_region_features");
            e.HasKey(f => new { f.RegionCode, f.ModuleId });
        });
        modelBuilder.Entity<AuditRecord>(e => e.ToTable("core_audit"));
        modelBuilder.Entity<WorkflowInstance>(e =>
        {
            e.ToTable("core_workflow_instances");
            e.Property(i => i.Revision).IsConcurrencyToken();
        });
        modelBuilder.Entity<WorkflowHistoryRow>(e => e.ToTable("core_workflow_history"));
        modelBuilder.Entity<WorkflowTimer>(e => e.ToTable("core_workflow_timers"));
        modelBuilder.Entity<StateVersion>(e =>
        {
            e.ToTable("core_state_versions");
            e.HasKey(s => s.Key);
        });
    }
}
