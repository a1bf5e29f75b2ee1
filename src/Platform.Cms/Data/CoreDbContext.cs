using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;

namespace Platform.Cms.Data;

public sealed class CoreDbContext(DbContextOptions<CoreDbContext> options) : ModuleDbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<RegionFeature> Features => Set<RegionFeature>();
    public DbSet<AuditRecord> Audit => Set<AuditRecord>();
    public DbSet<StateVersion> StateVersions => Set<StateVersion>();
    public DbSet<PublicGeneration> PublicGenerations => Set<PublicGeneration>();
    public DbSet<WorkflowInstance> WorkflowInstances => Set<WorkflowInstance>();
    public DbSet<WorkflowHistoryRow> WorkflowHistory => Set<WorkflowHistoryRow>();
    public DbSet<WorkflowTimer> WorkflowTimers => Set<WorkflowTimer>();
    public DbSet<WorkflowCustomisationRow> WorkflowCustomisations => Set<WorkflowCustomisationRow>();
    public DbSet<WorkflowVariant> WorkflowVariants => Set<WorkflowVariant>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<InboxItem> Inbox => Set<InboxItem>();
    public DbSet<MailDelivery> MailQueue => Set<MailDelivery>();
    public DbSet<NotificationTemplateRow> NotificationTemplates => Set<NotificationTemplateRow>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<MediaRow> Media => Set<MediaRow>();
    public DbSet<ContentItemRow> ContentItems => Set<ContentItemRow>();
    public DbSet<ContentVersionRow> ContentVersions => Set<ContentVersionRow>();
    public DbSet<ContentTagRow> ContentTags => Set<ContentTagRow>();
    public DbSet<SearchChange> SearchChanges => Set<SearchChange>();

    protected override IReadOnlyList<SchemaMigration> Schema => CoreMigrations.All;

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
        modelBuilder.Entity<WorkflowCustomisationRow>(e => e.ToTable("core_workflow_customisations"));
        modelBuilder.Entity<WorkflowVariant>(e => e.ToTable("core_workflow_variants"));
        modelBuilder.Entity<OutboxMessage>(e => e.ToTable("core_outbox"));
        modelBuilder.Entity<InboxItem>(e => e.ToTable("core_inbox"));
        modelBuilder.Entity<MailDelivery>(e => e.ToTable("core_mail_queue"));
        modelBuilder.Entity<NotificationTemplateRow>(e => e.ToTable("core_notification_templates"));
        modelBuilder.Entity<MediaRow>(e => e.ToTable("core_media"));
        modelBuilder.Entity<ContentItemRow>(e =>
        {
            e.ToTable("core_content_items");
            e.Property(i => i.Revision).IsConcurrencyToken();
        });
        modelBuilder.Entity<ContentVersionRow>(e =>
        {
            e.ToTable("core_content_versions");
            e.HasKey(v => new { v.ItemId, v.Version });
        });
        modelBuilder.Entity<ContentTagRow>(e =>
        {
            e.ToTable("core_content_tags");
            e.HasKey(t => new { t.ItemId, t.Tag });
        });
        modelBuilder.Entity<SearchChange>(e => e.ToTable("core_search_changes"));
        modelBuilder.Entity<JobRun>(e =>
        {
            e.ToTable("core_job_runs");
            e.HasKey(j => j.Name);
        });
        modelBuilder.Entity<StateVersion>(e =>
        {
            e.ToTable("core_state_versions");
            e.HasKey(s => s.Key);
        });
        modelBuilder.Entity<PublicGeneration>(e =>
        {
            e.ToTable("core_public_generations");
            e.HasKey(s => s.Key);
        });
    }
}
