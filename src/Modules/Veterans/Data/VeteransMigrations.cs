using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Core.Data;

namespace Platform.Modules.Veterans.Data;

/// <summary>The registry's schema steps, run on SQLite and PostgreSQL alike.</summary>
public static class VeteransMigrations
{
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "registry", Registry),
        new(2, "officers-and-contact-log", OfficersAndLog),
        new(3, "import-jobs", ImportJobs),
    ];

    private static void Registry(MigrationBuilder b)
    {
        b.CreateTable("veterans_institutions", t => new
        {
            Id = t.Column<long>().Identity(),
            RegionCode = t.Column<string>(maxLength: 12),
            Name = t.Column<string>(maxLength: 100),
            Address = t.Column<string>(maxLength: 200, nullable: true),
            Phone = t.Column<string>(maxLength: 40, nullable: true),
            Staff = t.Column<string>(maxLength: 2000, nullable: true),
            CreatedAt = t.Column<DateTime>(),
        }, constraints: t => t.PrimaryKey("pk_veterans_institutions", x => x.Id));
        b.CreateIndex("ix_veterans_institutions_region", "veterans_institutions", "RegionCode");

        b.CreateTable("veterans_people", t => new
        {
            Id = t.Column<long>().Identity(),
            Kind = t.Column<int>(),
            Name = t.Column<string>(maxLength: 50),
            Sex = t.Column<int>(),
            BirthDate = t.Column<DateOnly>(),
            IdNumber = t.Column<string>(maxLength: 18, nullable: true),
            RegionCode = t.Column<string>(maxLength: 12),
            Address = t.Column<string>(maxLength: 200, nullable: true),
            Phone = t.Column<string>(maxLength: 20, nullable: true),
            Phone2 = t.Column<string>(maxLength: 20, nullable: true),
            RankBand = t.Column<int>(),
            RetirementDate = t.Column<DateOnly>(nullable: true),
            InstitutionId = t.Column<long>(nullable: true),
            Living = t.Column<int>(),
            KeyGroups = t.Column<int>(),
            HealthNotes = t.Column<byte[]>(nullable: true),
            DeceasedDate = t.Column<DateOnly>(nullable: true),
            RelatedVeteranId = t.Column<long>(nullable: true),
            CreatedAt = t.Column<DateTime>(),
            UpdatedAt = t.Column<DateTime>(),
            UpdatedBy = t.Column<string>(maxLength: 100),
            Revision = t.Column<int>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_veterans_people", x => x.Id);
            t.ForeignKey("fk_veterans_people_institution", x => x.InstitutionId, "veterans_institutions", "Id");
            t.CheckConstraint("ck_veterans_people_kind", "\"Kind\" BETWEEN 0 AND 2");
            t.CheckConstraint("ck_veterans_people_flags", "\"KeyGroups\" BETWEEN 0 AND 15");
        });
        b.CreateIndex("ix_veterans_people_region", "veterans_people", "RegionCode");
        b.CreateIndex("ux_veterans_people_id_number", "veterans_people", "IdNumber", unique: true);

        b.CreateTable("veterans_household_contacts", t => new
        {
            Id = t.Column<long>().Identity(),
            VeteranId = t.Column<long>(),
            Relation = t.Column<string>(maxLength: 20),
            Name = t.Column<string>(maxLength: 50),
            Phone = t.Column<string>(maxLength: 20, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_veterans_household_contacts", x => x.Id);
            t.ForeignKey("fk_veterans_household_contacts_people", x => x.VeteranId, "veterans_people", "Id");
        });
        b.CreateIndex("ix_veterans_household_contacts_veteran", "veterans_household_contacts", "VeteranId");
    }

    private static void OfficersAndLog(MigrationBuilder b)
    {
        b.CreateTable("veterans_officers", t => new
        {
            Id = t.Column<long>().Identity(),
            UserName = t.Column<string>(maxLength: 100),
            DisplayName = t.Column<string>(maxLength: 100),
            RegionCode = t.Column<string>(maxLength: 12),
            InstitutionId = t.Column<long>(nullable: true),
            CreatedAt = t.Column<DateTime>(),
        }, constraints: t => t.PrimaryKey("pk_veterans_officers", x => x.Id));
        b.CreateIndex("ux_veterans_officers_user", "veterans_officers", "UserName", unique: true);

        b.CreateTable("veterans_assignments", t => new
        {
            VeteranId = t.Column<long>(),
            OfficerUserName = t.Column<string>(maxLength: 100),
            AssignedAt = t.Column<DateTime>(),
            AssignedBy = t.Column<string>(maxLength: 100),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_veterans_assignments", x => x.VeteranId);
            t.ForeignKey("fk_veterans_assignments_people", x => x.VeteranId, "veterans_people", "Id");
        });
        b.CreateIndex("ix_veterans_assignments_officer", "veterans_assignments", "OfficerUserName");

        b.CreateTable("veterans_contact_log", t => new
        {
            Id = t.Column<long>().Identity(),
            VeteranId = t.Column<long>(),
            Date = t.Column<DateOnly>(),
            Kind = t.Column<int>(),
            OfficerUserName = t.Column<string>(maxLength: 100),
            Notes = t.Column<string>(maxLength: 2000, nullable: true),
            FollowUp = t.Column<string>(maxLength: 500, nullable: true),
            FollowUpState = t.Column<int>(),
            FollowUpClosedAt = t.Column<DateTime>(nullable: true),
            FollowUpClosedBy = t.Column<string>(maxLength: 100, nullable: true),
            CreatedAt = t.Column<DateTime>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_veterans_contact_log", x => x.Id);
            t.ForeignKey("fk_veterans_contact_log_people", x => x.VeteranId, "veterans_people", "Id");
            t.CheckConstraint("ck_veterans_contact_log_follow_up", "\"FollowUpState\" = 0 OR \"FollowUp\" IS NOT NULL");
        });
        b.CreateIndex("ix_veterans_contact_log_veteran_date", "veterans_contact_log", ["VeteranId", "Date"]);

        b.CreateTable("veterans_access_log", t => new
        {
            Id = t.Column<long>().Identity(),
            At = t.Column<DateTime>(),
            Actor = t.Column<string>(maxLength: 100),
            VeteranId = t.Column<long>(),
            Fields = t.Column<string>(maxLength: 200),
            Channel = t.Column<string>(maxLength: 20),
        }, constraints: t => t.PrimaryKey("pk_veterans_access_log", x => x.Id));
        b.CreateIndex("ix_veterans_access_log_veteran", "veterans_access_log", ["VeteranId", "At"]);
    }

    private static void ImportJobs(MigrationBuilder b)
    {
        b.CreateTable("veterans_import_jobs", t => new
        {
            Id = t.Column<string>(maxLength: 32),
            RegionCode = t.Column<string>(maxLength: 12),
            Actor = t.Column<string>(maxLength: 100),
            FileName = t.Column<string>(maxLength: 200),
            State = t.Column<int>(),
            Total = t.Column<int>(),
            Processed = t.Column<int>(),
            Imported = t.Column<int>(),
            Errors = t.Column<string>(nullable: true),
            CreatedAt = t.Column<DateTime>(),
            FinishedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_veterans_import_jobs", x => x.Id));
    }
}
