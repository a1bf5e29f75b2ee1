using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;

namespace Platform.Modules.Veterans.Data;

public sealed class VeteransDbContext(DbContextOptions<VeteransDbContext> options) : ModuleDbContext(options)
{
    public DbSet<Veteran> Veterans => Set<Veteran>();
    public DbSet<HouseholdContact> Contacts => Set<HouseholdContact>();
    public DbSet<Institution> Institutions => Set<Institution>();
    public DbSet<Officer> Officers => Set<Officer>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<ContactEntry> ContactLog => Set<ContactEntry>();
    public DbSet<AccessEntry> AccessLog => Set<AccessEntry>();
    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();

    protected override IReadOnlyList<SchemaMigration> Schema => VeteransMigrations.All;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Veteran>(e =>
        {
            e.ToTable("veterans_people");
            e.Property(v => v.Revision).IsConcurrencyToken();
        });
        modelBuilder.Entity<HouseholdContact>().ToTable("veterans_household_contacts");
        modelBuilder.Entity<Institution>().ToTable("veterans_institutions");
        modelBuilder.Entity<Officer>().ToTable("veterans_officers");
        modelBuilder.Entity<Assignment>(e =>
        {
            e.ToTable("veterans_assignments");
            e.HasKey(a => a.VeteranId);
            e.Property(a => a.VeteranId).ValueGeneratedNever();
        });
        modelBuilder.Entity<ContactEntry>().ToTable("veterans_contact_log");
        modelBuilder.Entity<AccessEntry>().ToTable("veterans_access_log");
        modelBuilder.Entity<ImportJob>().ToTable("veterans_import_jobs").Property(j => j.Id).ValueGeneratedNever();
    }
}
