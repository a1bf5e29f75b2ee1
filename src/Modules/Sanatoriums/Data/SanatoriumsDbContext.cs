using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;

namespace Platform.Modules.Sanatoriums.Data;

public sealed class SanatoriumsDbContext(DbContextOptions<SanatoriumsDbContext> options) : ModuleDbContext(options)
{
    public DbSet<Sanatorium> Sanatoriums => Set<Sanatorium>();
    public DbSet<RoomType> RoomTypes => Set<RoomType>();
    public DbSet<Batch> Batches => Set<Batch>();
    public DbSet<BatchCapacity> Capacity => Set<BatchCapacity>();
    public DbSet<Booking> Bookings => Set<Booking>();
    public DbSet<StayDay> StayDays => Set<StayDay>();
    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();

    protected override IReadOnlyList<SchemaMigration> Schema => SanatoriumsMigrations.All;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Sanatorium>(e =>
        {
            e.ToTable("sanatoriums_sanatoriums");
            e.HasMany(s => s.RoomTypes).WithOne().HasForeignKey(r => r.SanatoriumId);
        });
        modelBuilder.Entity<RoomType>(e => e.ToTable("sanatoriums_room_types").HasKey(r => new { r.SanatoriumId, r.Kind }));
        modelBuilder.Entity<Batch>().ToTable("sanatoriums_batches");
        modelBuilder.Entity<BatchCapacity>(e => e.ToTable("sanatoriums_capacity").HasKey(c => new { c.BatchId, c.RoomType }));
        modelBuilder.Entity<Booking>().ToTable("sanatoriums_bookings");
        modelBuilder.Entity<StayDay>(e => e.ToTable("sanatoriums_stay_days").HasKey(d => new { d.VeteranId, d.Day }));
        modelBuilder.Entity<CalendarFeed>(e => e.ToTable("sanatoriums_calendar_feeds").HasKey(f => f.VeteranId));
    }
}
