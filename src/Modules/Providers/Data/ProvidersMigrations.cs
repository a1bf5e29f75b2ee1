using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Core.Data;

namespace Platform.Modules.Providers.Data;

/// <summary>The module's schema, one provider-neutral step per change.</summary>
public static class ProvidersMigrations
{
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "organisations, regions served, vetting documents", Organisations),
        new(2, "offerings, regions covered, reference prices", Offerings),
        new(3, "ratings and complaints", Ratings),
        new(4, "requests to serve another region", CoverageRequests),
    ];

    private static void Organisations(MigrationBuilder b)
    {
        b.CreateTable("providers_organisations", t => new
        {
            Id = t.Column<long>().Identity(),
            OrganisationId = t.Column<string>(maxLength: 64),
            LegalName = t.Column<string>(maxLength: 200),
            CreditCode = t.Column<string>(maxLength: 18),
            Category = t.Column<string>(maxLength: 32),
            HomeRegion = t.Column<string>(maxLength: 12),
            Status = t.Column<string>(maxLength: 16),
            OrdersSuspended = t.Column<bool>(),
            OrdersSuspendedReason = t.Column<string>(maxLength: 300, nullable: true),
            ContactName = t.Column<string>(maxLength: 50),
            ContactPhone = t.Column<string>(maxLength: 30),
            ContactEmail = t.Column<string>(maxLength: 200, nullable: true),
            Address = t.Column<string>(maxLength: 300, nullable: true),
            WorkflowInstanceId = t.Column<long>(nullable: true),
            WorkflowRevision = t.Column<int>(),
            ApplicantKeyHash = t.Column<string>(maxLength: 64, nullable: true),
            CreatedAt = t.Column<DateTime>(),
            UpdatedAt = t.Column<DateTime>(),
        }, constraints: t => t.PrimaryKey("pk_providers_organisations", x => x.Id));
        // One record per legal entity and per platform organisation: the database refuses a duplicate even in a race.
        b.CreateIndex("ux_providers_organisations_credit_code", "providers_organisations", "CreditCode", unique: true);
        b.CreateIndex("ux_providers_organisations_organisation", "providers_organisations", "OrganisationId", unique: true);
        b.CreateIndex("ix_providers_organisations_status", "providers_organisations", ["HomeRegion", "Status"]);

        b.CreateTable("providers_organisation_regions", t => new
        {
            ProviderId = t.Column<long>(),
            RegionCode = t.Column<string>(maxLength: 12),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_providers_organisation_regions", x => new { x.ProviderId, x.RegionCode });
            t.ForeignKey("fk_providers_organisation_regions_provider", x => x.ProviderId, "providers_organisations", "Id");
        });
        b.CreateIndex("ix_providers_organisation_regions_region", "providers_organisation_regions", "RegionCode");

        b.CreateTable("providers_documents", t => new
        {
            Id = t.Column<long>().Identity(),
            ProviderId = t.Column<long>(),
            Kind = t.Column<string>(maxLength: 32),
            MediaId = t.Column<string>(maxLength: 32),
            OriginalName = t.Column<string>(maxLength: 255),
            ExpiresOn = t.Column<DateTime>(),
            Mandatory = t.Column<bool>(),
            UploadedAt = t.Column<DateTime>(),
            UploadedBy = t.Column<string>(maxLength: 200),
            ReplacedAt = t.Column<DateTime>(nullable: true),
            RenewalInstanceId = t.Column<long>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_providers_documents", x => x.Id);
            t.ForeignKey("fk_providers_documents_provider", x => x.ProviderId, "providers_organisations", "Id");
        });
        b.CreateIndex("ix_providers_documents_provider", "providers_documents", ["ProviderId", "Kind"]);
        b.CreateIndex("ix_providers_documents_expiry", "providers_documents", "ExpiresOn");
    }

    private static void Offerings(MigrationBuilder b)
    {
        b.CreateTable("providers_offerings", t => new
        {
            Id = t.Column<long>().Identity(),
            ProviderId = t.Column<long>(),
            Type = t.Column<string>(maxLength: 32),
            Title = t.Column<string>(maxLength: 100),
            Description = t.Column<string>(maxLength: 2000),
            OpeningHours = t.Column<string>(maxLength: 200),
            Capacity = t.Column<int>(nullable: true),
            Accessibility = t.Column<string>(maxLength: 500, nullable: true),
            PriceFen = t.Column<long>(),
            Unit = t.Column<string>(maxLength: 20),
            Withdrawn = t.Column<bool>(),
            CreatedAt = t.Column<DateTime>(),
            UpdatedAt = t.Column<DateTime>(),
            UpdatedBy = t.Column<string>(maxLength: 200),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_providers_offerings", x => x.Id);
            t.ForeignKey("fk_providers_offerings_provider", x => x.ProviderId, "providers_organisations", "Id");
            t.CheckConstraint("ck_providers_offerings_price", "\"PriceFen\" >= 0");
            t.CheckConstraint("ck_providers_offerings_capacity", "\"Capacity\" IS NULL OR \"Capacity\" > 0");
        });
        b.CreateIndex("ix_providers_offerings_provider", "providers_offerings", "ProviderId");

        b.CreateTable("providers_offering_regions", t => new
        {
            OfferingId = t.Column<long>(),
            RegionCode = t.Column<string>(maxLength: 12),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_providers_offering_regions", x => new { x.OfferingId, x.RegionCode });
            t.ForeignKey("fk_providers_offering_regions_offering", x => x.OfferingId, "providers_offerings", "Id");
        });

        b.CreateTable("providers_reference_prices", t => new
        {
            Id = t.Column<long>().Identity(),
            RegionCode = t.Column<string>(maxLength: 12),
            OfferingType = t.Column<string>(maxLength: 32),
            PriceFen = t.Column<long>(),
            Unit = t.Column<string>(maxLength: 20),
            SetAt = t.Column<DateTime>(),
            SetBy = t.Column<string>(maxLength: 200),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_providers_reference_prices", x => x.Id);
            t.CheckConstraint("ck_providers_reference_prices_price", "\"PriceFen\" > 0");
        });
        b.CreateIndex("ux_providers_reference_prices_region_type", "providers_reference_prices", ["RegionCode", "OfferingType"], unique: true);
    }

    private static void Ratings(MigrationBuilder b)
    {
        b.CreateTable("providers_ratings", t => new
        {
            Id = t.Column<long>().Identity(),
            ProviderId = t.Column<long>(),
            OfferingId = t.Column<long>(nullable: true),
            RegionCode = t.Column<string>(maxLength: 12),
            Score = t.Column<int>(),
            Comment = t.Column<string>(maxLength: 1000, nullable: true),
            RatedBy = t.Column<string>(maxLength: 200),
            OnBehalfOf = t.Column<string>(maxLength: 100, nullable: true),
            CreatedAt = t.Column<DateTime>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_providers_ratings", x => x.Id);
            t.ForeignKey("fk_providers_ratings_provider", x => x.ProviderId, "providers_organisations", "Id");
            t.CheckConstraint("ck_providers_ratings_score", "\"Score\" BETWEEN 1 AND 5");
        });
        b.CreateIndex("ix_providers_ratings_provider", "providers_ratings", ["ProviderId", "CreatedAt"]);

        b.CreateTable("providers_complaints", t => new
        {
            Id = t.Column<long>().Identity(),
            ProviderId = t.Column<long>(),
            OfferingId = t.Column<long>(nullable: true),
            RegionCode = t.Column<string>(maxLength: 12),
            Text = t.Column<string>(maxLength: 2000),
            Status = t.Column<string>(maxLength: 16),
            Outcome = t.Column<string>(maxLength: 2000, nullable: true),
            CompensationFen = t.Column<long>(nullable: true),
            WorkflowInstanceId = t.Column<long>(nullable: true),
            CreatedBy = t.Column<string>(maxLength: 200),
            CreatedAt = t.Column<DateTime>(),
            UpdatedAt = t.Column<DateTime>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_providers_complaints", x => x.Id);
            t.ForeignKey("fk_providers_complaints_provider", x => x.ProviderId, "providers_organisations", "Id");
            t.CheckConstraint("ck_providers_complaints_compensation", "\"CompensationFen\" IS NULL OR \"CompensationFen\" >= 0");
        });
        b.CreateIndex("ix_providers_complaints_provider", "providers_complaints", "ProviderId");
    }

    private static void CoverageRequests(MigrationBuilder b)
    {
        b.CreateTable("providers_coverage_requests", t => new
        {
            Id = t.Column<long>().Identity(),
            ProviderId = t.Column<long>(),
            RegionCode = t.Column<string>(maxLength: 12),
            Status = t.Column<string>(maxLength: 16),
            Note = t.Column<string>(maxLength: 500, nullable: true),
            RequestedBy = t.Column<string>(maxLength: 200),
            RequestedAt = t.Column<DateTime>(),
            DecidedBy = t.Column<string>(maxLength: 200, nullable: true),
            DecidedAt = t.Column<DateTime>(nullable: true),
            Reason = t.Column<string>(maxLength: 500, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_providers_coverage_requests", x => x.Id);
            t.ForeignKey("fk_providers_coverage_requests_provider", x => x.ProviderId, "providers_organisations", "Id");
            t.CheckConstraint("ck_providers_coverage_requests_status", "\"Status\" IN ('requested', 'approved', 'refused')");
        });
        // One open request per provider and region, even when two are sent at once.
        b.CreateIndex("ux_providers_coverage_requests_open", "providers_coverage_requests", ["ProviderId", "RegionCode"], unique: true,
            filter: "\"Status\" = 'requested'");
        b.CreateIndex("ix_providers_coverage_requests_region", "providers_coverage_requests", ["RegionCode", "Status"]);
    }
}
