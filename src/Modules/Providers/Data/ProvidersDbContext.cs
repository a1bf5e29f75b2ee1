using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;

namespace Platform.Modules.Providers.Data;

public sealed class ProvidersDbContext(DbContextOptions<ProvidersDbContext> options) : ModuleDbContext(options)
{
    public DbSet<Provider> Providers => Set<Provider>();
    public DbSet<ProviderRegion> ProviderRegions => Set<ProviderRegion>();
    public DbSet<ProviderDocument> Documents => Set<ProviderDocument>();
    public DbSet<Offering> Offerings => Set<Offering>();
    public DbSet<OfferingRegion> OfferingRegions => Set<OfferingRegion>();
    public DbSet<ReferencePrice> ReferencePrices => Set<ReferencePrice>();
    public DbSet<Rating> Ratings => Set<Rating>();
    public DbSet<Complaint> Complaints => Set<Complaint>();
    public DbSet<CoverageRequest> CoverageRequests => Set<CoverageRequest>();

    protected override IReadOnlyList<SchemaMigration> Schema => ProvidersMigrations.All;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Provider>(e =>
        {
            e.ToTable("providers_organisations");
            e.HasMany(p => p.Regions).WithOne().HasForeignKey(r => r.ProviderId);
        });
        modelBuilder.Entity<ProviderRegion>(e => e.ToTable("providers_organisation_regions").HasKey(r => new { r.ProviderId, r.RegionCode }));
        modelBuilder.Entity<ProviderDocument>().ToTable("providers_documents");
        modelBuilder.Entity<Offering>(e =>
        {
            e.ToTable("providers_offerings");
            e.HasMany(o => o.Regions).WithOne().HasForeignKey(r => r.OfferingId);
        });
        modelBuilder.Entity<OfferingRegion>(e => e.ToTable("providers_offering_regions").HasKey(r => new { r.OfferingId, r.RegionCode }));
        modelBuilder.Entity<ReferencePrice>().ToTable("providers_reference_prices");
        modelBuilder.Entity<Rating>().ToTable("providers_ratings");
        modelBuilder.Entity<Complaint>().ToTable("providers_complaints");
        modelBuilder.Entity<CoverageRequest>().ToTable("providers_coverage_requests");
    }
}
