using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Core.Data;

namespace Platform.Modules.Sanatoriums.Data;

/// <summary>The module's schema, one provider-neutral step per change (history table <c>__migrations_sanatoriums</c>).</summary>
public static class SanatoriumsMigrations
{
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "sanatoriums, room types, batches, capacity", Catalogue),
        new(2, "bookings and stay days", Bookings),
        new(3, "a companion sharing the booking's room", Companions),
        new(4, "family calendar feeds", CalendarFeeds),
        new(5, "care-aware stays: mobility, fitness check, minimum occupancy, reminders", CareAware),
    ];

    private static void CareAware(MigrationBuilder b)
    {
        b.AddColumn<string>("Mobility", "sanatoriums_bookings", maxLength: 20, nullable: true);
        b.AddColumn<string>("FitnessDoctor", "sanatoriums_bookings", maxLength: 50, nullable: true);
        b.AddColumn<DateTime>("FitnessSignedAt", "sanatoriums_bookings", nullable: true);
        b.AddColumn<string>("FitnessRecordedBy", "sanatoriums_bookings", maxLength: 200, nullable: true);
        b.AddColumn<long>("ReminderInstanceId", "sanatoriums_bookings", nullable: true);
        b.AddColumn<bool>("RequiresFitnessCheck", "sanatoriums_batches", nullable: false, defaultValue: false);
        b.AddColumn<int>("MinOccupancy", "sanatoriums_batches", nullable: true);
        b.AddColumn<DateTime>("OccupancyWarnedAt", "sanatoriums_batches", nullable: true);
    }

    private static void CalendarFeeds(MigrationBuilder b)
    {
        b.CreateTable("sanatoriums_calendar_feeds", t => new
        {
            VeteranId = t.Column<long>(),
            TokenHash = t.Column<string>(maxLength: 64),
            RegionCode = t.Column<string>(maxLength: 12),
            CreatedAt = t.Column<DateTime>(),
            CreatedBy = t.Column<string>(maxLength: 200),
        }, constraints: t => t.PrimaryKey("pk_sanatoriums_calendar_feeds", x => x.VeteranId));
        b.CreateIndex("ux_sanatoriums_calendar_feeds_token", "sanatoriums_calendar_feeds", "TokenHash", unique: true);
    }

    private static void Companions(MigrationBuilder b)
    {
        b.AddColumn<string>("CompanionName", "sanatoriums_bookings", maxLength: 50, nullable: true);
        b.AddColumn<string>("CompanionRelation", "sanatoriums_bookings", maxLength: 20, nullable: true);
    }

    private static void Catalogue(MigrationBuilder b)
    {
        b.CreateTable("sanatoriums_sanatoriums", t => new
        {
            Id = t.Column<long>().Identity(),
            OrganisationId = t.Column<string>(maxLength: 64),
            RegionCode = t.Column<string>(maxLength: 12),
            Name = t.Column<string>(maxLength: 100),
            Location = t.Column<string>(maxLength: 300),
            Services = t.Column<string>(maxLength: 500),
            MedicalSupport = t.Column<string>(maxLength: 200),
            Notes = t.Column<string>(maxLength: 2000, nullable: true),
            CreatedAt = t.Column<DateTime>(),
            CreatedBy = t.Column<string>(maxLength: 200),
        }, constraints: t => t.PrimaryKey("pk_sanatoriums_sanatoriums", x => x.Id));
        b.CreateIndex("ix_sanatoriums_sanatoriums_organisation", "sanatoriums_sanatoriums", "OrganisationId");

        b.CreateTable("sanatoriums_room_types", t => new
        {
            SanatoriumId = t.Column<long>(),
            Kind = t.Column<string>(maxLength: 16),
            Beds = t.Column<int>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_sanatoriums_room_types", x => new { x.SanatoriumId, x.Kind });
            t.ForeignKey("fk_sanatoriums_room_types_sanatorium", x => x.SanatoriumId, "sanatoriums_sanatoriums", "Id");
            t.CheckConstraint("ck_sanatoriums_room_types_beds", "\"Beds\" >= 0");
        });

        b.CreateTable("sanatoriums_batches", t => new
        {
            Id = t.Column<long>().Identity(),
            SanatoriumId = t.Column<long>(),
            Title = t.Column<string>(maxLength: 100),
            StartDate = t.Column<DateOnly>(),
            EndDate = t.Column<DateOnly>(),
            PriceFen = t.Column<long>(),
            ReservedRegions = t.Column<string>(maxLength: 500),
            BookingOpensAt = t.Column<DateTime>(),
            BookingClosesAt = t.Column<DateTime>(),
            MinAge = t.Column<int>(nullable: true),
            MaxAge = t.Column<int>(nullable: true),
            CreatedAt = t.Column<DateTime>(),
            CreatedBy = t.Column<string>(maxLength: 200),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_sanatoriums_batches", x => x.Id);
            t.ForeignKey("fk_sanatoriums_batches_sanatorium", x => x.SanatoriumId, "sanatoriums_sanatoriums", "Id");
            t.CheckConstraint("ck_sanatoriums_batches_dates", "\"EndDate\" > \"StartDate\"");
            t.CheckConstraint("ck_sanatoriums_batches_price", "\"PriceFen\" >= 0");
        });
        b.CreateIndex("ix_sanatoriums_batches_sanatorium", "sanatoriums_batches", ["SanatoriumId", "StartDate"]);

        // The hard limit: Taken never exceeds Beds, whatever the application does.
        b.CreateTable("sanatoriums_capacity", t => new
        {
            BatchId = t.Column<long>(),
            RoomType = t.Column<string>(maxLength: 16),
            Beds = t.Column<int>(),
            Taken = t.Column<int>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_sanatoriums_capacity", x => new { x.BatchId, x.RoomType });
            t.ForeignKey("fk_sanatoriums_capacity_batch", x => x.BatchId, "sanatoriums_batches", "Id");
            t.CheckConstraint("ck_sanatoriums_capacity_taken", "\"Taken\" >= 0 AND \"Taken\" <= \"Beds\"");
        });
    }

    private static void Bookings(MigrationBuilder b)
    {
        b.CreateTable("sanatoriums_bookings", t => new
        {
            Id = t.Column<long>().Identity(),
            BatchId = t.Column<long>(),
            RoomType = t.Column<string>(maxLength: 16),
            VeteranId = t.Column<long>(),
            VeteranName = t.Column<string>(maxLength: 50),
            RegionCode = t.Column<string>(maxLength: 12),
            Status = t.Column<string>(maxLength: 16),
            Beds = t.Column<int>(),
            HoldsBeds = t.Column<bool>(),
            IdempotencyKey = t.Column<string>(maxLength: 100),
            ActedBy = t.Column<string>(maxLength: 200),
            ActedAs = t.Column<string>(maxLength: 16),
            WorkflowInstanceId = t.Column<long>(nullable: true),
            OfferInstanceId = t.Column<long>(nullable: true),
            OfferExpiresAt = t.Column<DateTime>(nullable: true),
            Reason = t.Column<string>(maxLength: 300, nullable: true),
            CreatedAt = t.Column<DateTime>(),
            UpdatedAt = t.Column<DateTime>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_sanatoriums_bookings", x => x.Id);
            t.ForeignKey("fk_sanatoriums_bookings_batch", x => x.BatchId, "sanatoriums_batches", "Id");
            t.CheckConstraint("ck_sanatoriums_bookings_beds", "\"Beds\" > 0");
        });
        // A retried request finds the first one's row instead of booking again.
        b.CreateIndex("ux_sanatoriums_bookings_idempotency", "sanatoriums_bookings", "IdempotencyKey", unique: true);
        b.CreateIndex("ix_sanatoriums_bookings_batch", "sanatoriums_bookings", ["BatchId", "RoomType", "Status"]);
        b.CreateIndex("ix_sanatoriums_bookings_veteran", "sanatoriums_bookings", "VeteranId");
        b.CreateIndex("ix_sanatoriums_bookings_workflow", "sanatoriums_bookings", "WorkflowInstanceId");
        b.CreateIndex("ix_sanatoriums_bookings_offer", "sanatoriums_bookings", "OfferInstanceId");

        // One row per veteran per night away: the primary key refuses a second stay on any day already taken.
        b.CreateTable("sanatoriums_stay_days", t => new
        {
            VeteranId = t.Column<long>(),
            Day = t.Column<DateOnly>(),
            BookingId = t.Column<long>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_sanatoriums_stay_days", x => new { x.VeteranId, x.Day });
            t.ForeignKey("fk_sanatoriums_stay_days_booking", x => x.BookingId, "sanatoriums_bookings", "Id");
        });
        b.CreateIndex("ix_sanatoriums_stay_days_booking", "sanatoriums_stay_days", "BookingId");
    }
}
