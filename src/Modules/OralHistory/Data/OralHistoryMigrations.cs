using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Core.Data;

namespace Platform.Modules.OralHistory.Data;

/// <summary>The module's schema steps (SQLite and PostgreSQL alike).</summary>
public static class OralHistoryMigrations
{
    public static IReadOnlyList<SchemaMigration> All { get; } = [new(1, "stories, consent, honours, collections, column", Initial)];

    private static void Initial(MigrationBuilder b)
    {
        b.CreateTable("oralhistory_narrators", t => new
        {
            Id = t.Column<long>().Identity(),
            RegionCode = t.Column<string>(maxLength: 12),
            VeteranId = t.Column<string>(maxLength: 64),
            DisplayName = t.Column<string>(maxLength: 50),
            Bio = t.Column<string>(maxLength: 2000, nullable: true),
            CreatedAt = t.Column<DateTime>(),
        }, constraints: t => t.PrimaryKey("pk_oralhistory_narrators", x => x.Id));
        b.CreateIndex("ux_oralhistory_narrators_veteran", "oralhistory_narrators", "VeteranId", unique: true);

        b.CreateTable("oralhistory_stories", t => new
        {
            StoryId = t.Column<string>(maxLength: 64),
            RegionCode = t.Column<string>(maxLength: 12),
            NarratorId = t.Column<long>(),
            CreatedAt = t.Column<DateTime>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_oralhistory_stories", x => x.StoryId);
            t.ForeignKey("fk_oralhistory_stories_narrator", x => x.NarratorId, "oralhistory_narrators", "Id");
        });
        b.CreateIndex("ix_oralhistory_stories_narrator", "oralhistory_stories", "NarratorId");

        b.CreateTable("oralhistory_consents", t => new
        {
            Id = t.Column<long>().Identity(),
            StoryId = t.Column<string>(maxLength: 64),
            RegionCode = t.Column<string>(maxLength: 12),
            VeteranId = t.Column<string>(maxLength: 64),
            Photos = t.Column<bool>(),
            AudioVideo = t.Column<bool>(),
            SignedOn = t.Column<DateTime>(),
            Note = t.Column<string>(maxLength: 500, nullable: true),
            RecordedBy = t.Column<string>(maxLength: 100),
            RecordedAt = t.Column<DateTime>(),
        }, constraints: t => t.PrimaryKey("pk_oralhistory_consents", x => x.Id));
        b.CreateIndex("ix_oralhistory_consents_story", "oralhistory_consents", "StoryId");

        b.CreateTable("oralhistory_honours", t => new
        {
            Id = t.Column<long>().Identity(),
            NarratorId = t.Column<long>(),
            RegionCode = t.Column<string>(maxLength: 12),
            Kind = t.Column<int>(),
            Caption = t.Column<string>(maxLength: 200),
            MediaId = t.Column<string>(maxLength: 64),
            Year = t.Column<int>(nullable: true),
            CreatedBy = t.Column<string>(maxLength: 100),
            CreatedAt = t.Column<DateTime>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_oralhistory_honours", x => x.Id);
            t.ForeignKey("fk_oralhistory_honours_narrator", x => x.NarratorId, "oralhistory_narrators", "Id");
            t.CheckConstraint("ck_oralhistory_honours_kind", "\"Kind\" BETWEEN 1 AND 3");
        });
        b.CreateIndex("ix_oralhistory_honours_narrator", "oralhistory_honours", "NarratorId");

        b.CreateTable("oralhistory_collections", t => new
        {
            Id = t.Column<long>().Identity(),
            RegionCode = t.Column<string>(maxLength: 12),
            Kind = t.Column<int>(),
            Title = t.Column<string>(maxLength: 100),
            Description = t.Column<string>(maxLength: 2000, nullable: true),
            Year = t.Column<int>(nullable: true),
            CreatedAt = t.Column<DateTime>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_oralhistory_collections", x => x.Id);
            t.CheckConstraint("ck_oralhistory_collections_kind", "\"Kind\" IN (1, 2)");
        });

        b.CreateTable("oralhistory_collection_stories", t => new
        {
            CollectionId = t.Column<long>(),
            StoryId = t.Column<string>(maxLength: 64),
            Position = t.Column<int>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_oralhistory_collection_stories", x => new { x.CollectionId, x.StoryId });
            t.ForeignKey("fk_oralhistory_collection_stories_collection", x => x.CollectionId, "oralhistory_collections", "Id", onDelete: ReferentialAction.Cascade);
        });

        b.CreateTable("oralhistory_column_settings", t => new
        {
            RegionCode = t.Column<string>(maxLength: 12),
            Weekday = t.Column<int>(),
            Hour = t.Column<int>(),
            UpdatedBy = t.Column<string>(maxLength: 100),
            UpdatedAt = t.Column<DateTime>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_oralhistory_column_settings", x => x.RegionCode);
            t.CheckConstraint("ck_oralhistory_column_settings_when", "\"Weekday\" BETWEEN 0 AND 6 AND \"Hour\" BETWEEN 0 AND 23");
        });

        b.CreateTable("oralhistory_column_slots", t => new
        {
            Id = t.Column<long>().Identity(),
            ColumnRegion = t.Column<string>(maxLength: 12),
            StoryId = t.Column<string>(maxLength: 64),
            SlotAt = t.Column<DateTime>(),
            QueuedBy = t.Column<string>(maxLength: 100),
            QueuedAt = t.Column<DateTime>(),
        }, constraints: t => t.PrimaryKey("pk_oralhistory_column_slots", x => x.Id));
        // One story a week per column, and a story in a column once: the database enforces both.
        b.CreateIndex("ux_oralhistory_column_slots_slot", "oralhistory_column_slots", ["ColumnRegion", "SlotAt"], unique: true);
        b.CreateIndex("ux_oralhistory_column_slots_story", "oralhistory_column_slots", ["ColumnRegion", "StoryId"], unique: true);
    }
}
