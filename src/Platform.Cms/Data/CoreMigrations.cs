using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Core.Data;

namespace Platform.Cms.Data;

/// <summary>The host's own schema, run before any module's.</summary>
public static class CoreMigrations
{
    public const string ModuleId = "Core";

    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "regions, features, audit, accounts", CreateCoreTables),
        new(2, "people, grants, OAuth server, shared keys", Identity.IdentityMigrations.CreateIdentityTables),
        // The placeholder accounts of step 1 gave way to ASP.NET Core Identity before any deployment held data.
        new(3, "drop placeholder accounts", b => b.DropTable("core_admin_accounts")),
        new(4, "workflow instances and history", CreateWorkflowTables),
        new(5, "workflow timers", CreateWorkflowTimers),
        new(6, "workflow customisations, outbox, inbox, mail queue, notification templates, job runs", CreateWorkflowNotifications),
        new(7, "media", b =>
        {
            b.CreateTable("core_media", t => new
            {
                Id = t.Column<string>(maxLength: 32),
                Module = t.Column<string>(maxLength: 64),
                RegionCode = t.Column<string>(maxLength: 12),
                Kind = t.Column<string>(maxLength: 16),
                Size = t.Column<long>(),
                Sha256 = t.Column<string>(maxLength: 64),
                OriginalName = t.Column<string>(maxLength: 255),
                Path = t.Column<string>(maxLength: 300),
                Width = t.Column<int>(nullable: true),
                Height = t.Column<int>(nullable: true),
                CreatedBy = t.Column<string>(maxLength: 200),
                CreatedAt = t.Column<DateTime>(),
            }, constraints: t => t.PrimaryKey("pk_core_media", x => x.Id));
            b.CreateIndex("ix_core_media_module_region", "core_media", ["Module", "RegionCode"]);
        }),
        new(8, "content items, versions, tags, search changes", CreateContentTables),
        new(9, "public cache generations", b => b.CreateTable("core_public_generations", t => new
        {
            Key = t.Column<string>(maxLength: 64),
            Version = t.Column<long>(),
        }, constraints: t => t.PrimaryKey("pk_core_public_generations", x => x.Key))),
        // Customisations bump it, so every node's cache of the definitions new instances follow is renewed within a second.
        new(10, "workflow customisations state version", b => b.Sql("INSERT INTO core_state_versions (\"Key\", \"Version\") VALUES ('workflows', 0);")),
        // Text a person types that step 2 left without a length (PostgreSQL only: SQLite is checked before saving).
        new(11, "lengths of client names, phone numbers and login names", b =>
        {
            b.LimitLength("core_oauth_applications", "DisplayName", 200, nullable: true);
            b.LimitLength("core_users", "PhoneNumber", 50, nullable: true);
            b.LimitLength("core_user_logins", "ProviderDisplayName", 200, nullable: true);
        }),
    ];

    private static void CreateCoreTables(MigrationBuilder b)
    {
        b.CreateTable("core_regions", t => new
        {
            Code = t.Column<string>(maxLength: 12),
            ParentCode = t.Column<string>(maxLength: 12, nullable: true),
            Name = t.Column<string>(maxLength: 100),
            Slug = t.Column<string>(maxLength: 64),
            Level = t.Column<int>(),
            Path = t.Column<string>(maxLength: 100),
            Archived = t.Column<bool>(),
            Theme = t.Column<string>(maxLength: 64, nullable: true),
            CreatedAt = t.Column<DateTime>(),
            UpdatedAt = t.Column<DateTime>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_regions", x => x.Code);
            t.ForeignKey("fk_core_regions_parent", x => x.ParentCode, "core_regions", "Code");
            t.CheckConstraint("ck_core_regions_level", "\"Level\" BETWEEN 1 AND 3");
        });
        b.CreateIndex("ix_core_regions_path", "core_regions", "Path", unique: true);
        b.CreateIndex("ix_core_regions_parent_slug", "core_regions", ["ParentCode", "Slug"], unique: true);

        b.CreateTable("core_region_features", t => new
        {
            RegionCode = t.Column<string>(maxLength: 12),
            ModuleId = t.Column<string>(maxLength: 64),
            Enabled = t.Column<bool>(),
            UpdatedAt = t.Column<DateTime>(),
            UpdatedBy = t.Column<string>(maxLength: 100),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_region_features", x => new { x.RegionCode, x.ModuleId });
            t.ForeignKey("fk_core_region_features_region", x => x.RegionCode, "core_regions", "Code");
        });

        b.CreateTable("core_audit", t => new
        {
            Id = t.Column<long>().Identity(),
            At = t.Column<DateTime>(),
            Actor = t.Column<string>(maxLength: 100),
            Action = t.Column<string>(maxLength: 64),
            RegionCode = t.Column<string>(maxLength: 12, nullable: true),
            ModuleId = t.Column<string>(maxLength: 64, nullable: true),
            Before = t.Column<string>(nullable: true),
            After = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_core_audit", x => x.Id));
        b.CreateIndex("ix_core_audit_at", "core_audit", "At");
        b.CreateIndex("ix_core_audit_region", "core_audit", ["RegionCode", "At"]);

        b.CreateTable("core_admin_accounts", t => new
        {
            UserName = t.Column<string>(maxLength: 64),
            DisplayName = t.Column<string>(maxLength: 100),
            PasswordHash = t.Column<string>(maxLength: 200),
            CreatedAt = t.Column<DateTime>(),
        }, constraints: t => t.PrimaryKey("pk_core_admin_accounts", x => x.UserName));

        b.CreateTable("core_state_versions", t => new
        {
            Key = t.Column<string>(maxLength: 64),
            Version = t.Column<long>(),
        }, constraints: t => t.PrimaryKey("pk_core_state_versions", x => x.Key));
        b.Sql("INSERT INTO core_state_versions (\"Key\", \"Version\") VALUES ('regions', 0), ('features', 0);");
    }

    private static void CreateWorkflowTables(MigrationBuilder b)
    {
        b.CreateTable("core_workflow_instances", t => new
        {
            Id = t.Column<long>().Identity(),
            ModuleId = t.Column<string>(maxLength: 64),
            WorkflowId = t.Column<string>(maxLength: 64),
            Version = t.Column<int>(),
            EntityId = t.Column<string>(maxLength: 64),
            RegionCode = t.Column<string>(maxLength: 12),
            State = t.Column<string>(maxLength: 64),
            Revision = t.Column<int>(),
            CreatedAt = t.Column<DateTime>(),
            UpdatedAt = t.Column<DateTime>(),
            UpdatedBy = t.Column<string>(maxLength: 256),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_workflow_instances", x => x.Id);
            t.ForeignKey("fk_core_workflow_instances_region", x => x.RegionCode, "core_regions", "Code");
        });
        b.CreateIndex("ix_core_workflow_instances_entity", "core_workflow_instances", ["ModuleId", "WorkflowId", "EntityId"], unique: true);
        b.CreateIndex("ix_core_workflow_instances_region_state", "core_workflow_instances", ["RegionCode", "State"]);

        b.CreateTable("core_workflow_history", t => new
        {
            Id = t.Column<long>().Identity(),
            InstanceId = t.Column<long>(),
            At = t.Column<DateTime>(),
            Actor = t.Column<string>(maxLength: 256),
            Transition = t.Column<string>(maxLength: 64),
            FromState = t.Column<string>(maxLength: 64),
            ToState = t.Column<string>(maxLength: 64),
            Comment = t.Column<string>(maxLength: 2000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_workflow_history", x => x.Id);
            t.ForeignKey("fk_core_workflow_history_instance", x => x.InstanceId, "core_workflow_instances", "Id");
        });
        b.CreateIndex("ix_core_workflow_history_instance", "core_workflow_history", "InstanceId");
    }

    private static void CreateWorkflowTimers(MigrationBuilder b)
    {
        b.CreateTable("core_workflow_timers", t => new
        {
            Id = t.Column<long>().Identity(),
            InstanceId = t.Column<long>(),
            Transition = t.Column<string>(maxLength: 64),
            State = t.Column<string>(maxLength: 64),
            Revision = t.Column<int>(),
            DueAt = t.Column<DateTime>(),
            ClaimedBy = t.Column<string>(maxLength: 200, nullable: true),
            ClaimedAt = t.Column<DateTime>(nullable: true),
            FiredAt = t.Column<DateTime>(nullable: true),
            Outcome = t.Column<string>(maxLength: 200, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_workflow_timers", x => x.Id);
            t.ForeignKey("fk_core_workflow_timers_instance", x => x.InstanceId, "core_workflow_instances", "Id");
        });
        b.CreateIndex("ix_core_workflow_timers_due", "core_workflow_timers", ["FiredAt", "DueAt"]);
    }

    private static void CreateWorkflowNotifications(MigrationBuilder b)
    {
        b.AddColumn<string>("StartedBy", "core_workflow_instances", maxLength: 200, nullable: true);
        b.AddColumn<string>("OrganisationId", "core_workflow_instances", maxLength: 64, nullable: true);
        b.AddColumn<long>("VariantId", "core_workflow_instances", nullable: true);
        b.AddColumn<string>("Fault", "core_workflow_instances", maxLength: 1000, nullable: true);

        b.CreateTable("core_workflow_customisations", t => new
        {
            Id = t.Column<long>().Identity(),
            ModuleId = t.Column<string>(maxLength: 64),
            WorkflowId = t.Column<string>(maxLength: 64),
            RegionCode = t.Column<string>(maxLength: 12),
            Json = t.Column<string>(maxLength: 2000),
            BasedOnVersion = t.Column<int>(),
            CreatedBy = t.Column<string>(maxLength: 200),
            CreatedAt = t.Column<DateTime>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_workflow_customisations", x => x.Id);
            t.ForeignKey("fk_core_workflow_customisations_region", x => x.RegionCode, "core_regions", "Code");
        });
        b.CreateIndex("ix_core_workflow_customisations_workflow", "core_workflow_customisations", ["ModuleId", "WorkflowId", "RegionCode"]);

        b.CreateTable("core_workflow_variants", t => new
        {
            Id = t.Column<long>().Identity(),
            ModuleId = t.Column<string>(maxLength: 64),
            WorkflowId = t.Column<string>(maxLength: 64),
            Version = t.Column<int>(),
            Hash = t.Column<string>(maxLength: 64),
            Json = t.Column<string>(),
        }, constraints: t => t.PrimaryKey("pk_core_workflow_variants", x => x.Id));
        b.CreateIndex("ux_core_workflow_variants_hash", "core_workflow_variants", ["ModuleId", "WorkflowId", "Version", "Hash"], unique: true);

        b.CreateTable("core_outbox", t => new
        {
            Id = t.Column<long>().Identity(),
            Kind = t.Column<string>(maxLength: 16),
            InstanceId = t.Column<long>(),
            ModuleId = t.Column<string>(maxLength: 64),
            RegionCode = t.Column<string>(maxLength: 12),
            Name = t.Column<string>(maxLength: 64),
            Recipient = t.Column<string>(maxLength: 64, nullable: true),
            Data = t.Column<string>(),
            CreatedAt = t.Column<DateTime>(),
            Attempts = t.Column<int>(),
            NextAttemptAt = t.Column<DateTime>(),
            LastError = t.Column<string>(maxLength: 2000, nullable: true),
            ProcessedAt = t.Column<DateTime>(nullable: true),
            ClaimedBy = t.Column<string>(maxLength: 200, nullable: true),
            ClaimedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_core_outbox", x => x.Id));
        b.CreateIndex("ix_core_outbox_pending", "core_outbox", ["ProcessedAt", "NextAttemptAt"]);

        b.CreateTable("core_inbox", t => new
        {
            Id = t.Column<long>().Identity(),
            UserId = t.Column<string>(maxLength: 450),
            OutboxId = t.Column<long>(nullable: true),
            Subject = t.Column<string>(maxLength: 500),
            Body = t.Column<string>(),
            Link = t.Column<string>(maxLength: 500, nullable: true),
            CreatedAt = t.Column<DateTime>(),
            ReadAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_core_inbox", x => x.Id));
        b.CreateIndex("ix_core_inbox_user", "core_inbox", ["UserId", "ReadAt"]);

        b.CreateTable("core_mail_queue", t => new
        {
            Id = t.Column<long>().Identity(),
            OutboxId = t.Column<long>(nullable: true),
            UserId = t.Column<string>(maxLength: 450),
            Address = t.Column<string>(maxLength: 256),
            Subject = t.Column<string>(maxLength: 500),
            Body = t.Column<string>(),
            CreatedAt = t.Column<DateTime>(),
            Attempts = t.Column<int>(),
            NextAttemptAt = t.Column<DateTime>(),
            LastError = t.Column<string>(maxLength: 2000, nullable: true),
            SentAt = t.Column<DateTime>(nullable: true),
            CancelledAt = t.Column<DateTime>(nullable: true),
            CancelledBy = t.Column<string>(maxLength: 200, nullable: true),
            ClaimedBy = t.Column<string>(maxLength: 200, nullable: true),
            ClaimedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_core_mail_queue", x => x.Id));
        b.CreateIndex("ix_core_mail_queue_pending", "core_mail_queue", ["SentAt", "NextAttemptAt"]);

        b.CreateTable("core_notification_templates", t => new
        {
            Id = t.Column<long>().Identity(),
            ModuleId = t.Column<string>(maxLength: 64),
            Name = t.Column<string>(maxLength: 64),
            RegionCode = t.Column<string>(maxLength: 12),
            Subject = t.Column<string>(maxLength: 500),
            Body = t.Column<string>(maxLength: 20000),
            UpdatedBy = t.Column<string>(maxLength: 200),
            UpdatedAt = t.Column<DateTime>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_notification_templates", x => x.Id);
            t.ForeignKey("fk_core_notification_templates_region", x => x.RegionCode, "core_regions", "Code");
        });
        b.CreateIndex("ux_core_notification_templates", "core_notification_templates", ["ModuleId", "Name", "RegionCode"], unique: true);

        b.CreateTable("core_job_runs", t => new
        {
            Name = t.Column<string>(maxLength: 64),
            Node = t.Column<string>(maxLength: 200),
            LastRunAt = t.Column<DateTime>(),
            Outcome = t.Column<string>(maxLength: 1000),
        }, constraints: t => t.PrimaryKey("pk_core_job_runs", x => x.Name));
    }

    private static void CreateContentTables(MigrationBuilder b)
    {
        b.CreateTable("core_content_items", t => new
        {
            Id = t.Column<string>(maxLength: 32),
            ModuleId = t.Column<string>(maxLength: 64),
            ContentType = t.Column<string>(maxLength: 64),
            RegionCode = t.Column<string>(maxLength: 12),
            Owner = t.Column<string>(maxLength: 200),
            Title = t.Column<string>(maxLength: 500),
            LatestVersion = t.Column<int>(),
            PublishedVersion = t.Column<int>(nullable: true),
            PublishedAt = t.Column<DateTime>(nullable: true),
            CreatedAt = t.Column<DateTime>(),
            UpdatedAt = t.Column<DateTime>(),
            UpdatedBy = t.Column<string>(maxLength: 200),
            Revision = t.Column<int>(),
            WorkflowInstanceId = t.Column<long>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_content_items", x => x.Id);
            t.ForeignKey("fk_core_content_items_region", x => x.RegionCode, "core_regions", "Code");
        });
        b.CreateIndex("ix_core_content_items_type", "core_content_items", ["ModuleId", "ContentType", "RegionCode", "PublishedAt"]);

        b.CreateTable("core_content_versions", t => new
        {
            ItemId = t.Column<string>(maxLength: 32),
            Version = t.Column<int>(),
            Json = t.Column<string>(),
            Title = t.Column<string>(maxLength: 500),
            CreatedAt = t.Column<DateTime>(),
            CreatedBy = t.Column<string>(maxLength: 200),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_content_versions", x => new { x.ItemId, x.Version });
            t.ForeignKey("fk_core_content_versions_item", x => x.ItemId, "core_content_items", "Id");
        });

        b.CreateTable("core_content_tags", t => new
        {
            ItemId = t.Column<string>(maxLength: 32),
            Tag = t.Column<string>(maxLength: 50),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_content_tags", x => new { x.ItemId, x.Tag });
            t.ForeignKey("fk_core_content_tags_item", x => x.ItemId, "core_content_items", "Id");
        });
        b.CreateIndex("ix_core_content_tags_tag", "core_content_tags", ["Tag"]);

        b.CreateTable("core_search_changes", t => new
        {
            Id = t.Column<long>().Identity(),
            Key = t.Column<string>(maxLength: 200),
            ChangedAt = t.Column<DateTime>(),
        }, constraints: t => t.PrimaryKey("pk_core_search_changes", x => x.Id));
    }
}
