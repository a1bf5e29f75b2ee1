using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Core.Data;

namespace Platform.Cms.Identity;

/// <summary>
/// Tables for people, grants, the OAuth server (OpenIddict's entities) and shared keys, written out explicitly so
/// they read the same on SQLite and PostgreSQL. The schema test checks every mapped column exists.
/// </summary>
public static class IdentityMigrations
{
    public static void CreateIdentityTables(MigrationBuilder b)
    {
        b.CreateTable("core_users", t => new
        {
            Id = t.Column<string>(),
            UserName = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedUserName = t.Column<string>(maxLength: 256, nullable: true),
            Email = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedEmail = t.Column<string>(maxLength: 256, nullable: true),
            EmailConfirmed = t.Column<bool>(),
            PasswordHash = t.Column<string>(nullable: true),
            SecurityStamp = t.Column<string>(nullable: true),
            ConcurrencyStamp = t.Column<string>(nullable: true),
            PhoneNumber = t.Column<string>(nullable: true),
            PhoneNumberConfirmed = t.Column<bool>(),
            TwoFactorEnabled = t.Column<bool>(),
            LockoutEnd = t.Column<DateTimeOffset>(nullable: true),
            LockoutEnabled = t.Column<bool>(),
            AccessFailedCount = t.Column<int>(),
            DisplayName = t.Column<string>(maxLength: 100),
            CreatedAt = t.Column<DateTime>(),
        }, constraints: t => t.PrimaryKey("pk_core_users", x => x.Id));
        b.CreateIndex("UserNameIndex", "core_users", "NormalizedUserName", unique: true);
        b.CreateIndex("EmailIndex", "core_users", "NormalizedEmail");

        b.CreateTable("core_user_claims", t => new
        {
            Id = t.Column<int>().Identity(),
            UserId = t.Column<string>(),
            ClaimType = t.Column<string>(nullable: true),
            ClaimValue = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_user_claims", x => x.Id);
            t.ForeignKey("fk_core_user_claims_user", x => x.UserId, "core_users", "Id", onDelete: ReferentialAction.Cascade);
        });
        b.CreateIndex("ix_core_user_claims_user", "core_user_claims", "UserId");

        b.CreateTable("core_user_logins", t => new
        {
            LoginProvider = t.Column<string>(maxLength: 128),
            ProviderKey = t.Column<string>(maxLength: 128),
            ProviderDisplayName = t.Column<string>(nullable: true),
            UserId = t.Column<string>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_user_logins", x => new { x.LoginProvider, x.ProviderKey });
            t.ForeignKey("fk_core_user_logins_user", x => x.UserId, "core_users", "Id", onDelete: ReferentialAction.Cascade);
        });
        b.CreateIndex("ix_core_user_logins_user", "core_user_logins", "UserId");

        b.CreateTable("core_user_tokens", t => new
        {
            UserId = t.Column<string>(),
            LoginProvider = t.Column<string>(maxLength: 128),
            Name = t.Column<string>(maxLength: 128),
            Value = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_user_tokens", x => new { x.UserId, x.LoginProvider, x.Name });
            t.ForeignKey("fk_core_user_tokens_user", x => x.UserId, "core_users", "Id", onDelete: ReferentialAction.Cascade);
        });

        b.CreateTable("core_grants", t => new
        {
            Id = t.Column<long>().Identity(),
            UserId = t.Column<string>(),
            Role = t.Column<string>(maxLength: 40),
            RegionCode = t.Column<string>(maxLength: 12, nullable: true),
            OrganisationId = t.Column<string>(maxLength: 64, nullable: true),
            InstitutionId = t.Column<string>(maxLength: 64, nullable: true),
            VeteranId = t.Column<string>(maxLength: 64, nullable: true),
            GrantedBy = t.Column<string>(maxLength: 256),
            GrantedAt = t.Column<DateTime>(),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_grants", x => x.Id);
            t.ForeignKey("fk_core_grants_user", x => x.UserId, "core_users", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("fk_core_grants_region", x => x.RegionCode, "core_regions", "Code");
        });
        b.CreateIndex("ix_core_grants_user", "core_grants", "UserId");

        CreateOAuthTables(b);

        b.CreateTable("core_server_keys", t => new
        {
            Id = t.Column<long>().Identity(),
            Use = t.Column<string>(maxLength: 20),
            Pfx = t.Column<string>(),
            CreatedAt = t.Column<DateTime>(),
            NotAfter = t.Column<DateTime>(),
            RetiredAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_core_server_keys", x => x.Id));

        b.CreateTable("core_dataprotection_keys", t => new
        {
            Id = t.Column<long>().Identity(),
            FriendlyName = t.Column<string>(maxLength: 200),
            Xml = t.Column<string>(),
        }, constraints: t => t.PrimaryKey("pk_core_dataprotection_keys", x => x.Id));
    }

    private static void CreateOAuthTables(MigrationBuilder b)
    {
        b.CreateTable("core_oauth_applications", t => new
        {
            Id = t.Column<string>(),
            ApplicationType = t.Column<string>(maxLength: 50, nullable: true),
            ClientId = t.Column<string>(maxLength: 100, nullable: true),
            ClientSecret = t.Column<string>(nullable: true),
            ClientType = t.Column<string>(maxLength: 50, nullable: true),
            ConcurrencyToken = t.Column<string>(maxLength: 50, nullable: true),
            ConsentType = t.Column<string>(maxLength: 50, nullable: true),
            DisplayName = t.Column<string>(nullable: true),
            DisplayNames = t.Column<string>(nullable: true),
            JsonWebKeySet = t.Column<string>(nullable: true),
            Permissions = t.Column<string>(nullable: true),
            PostLogoutRedirectUris = t.Column<string>(nullable: true),
            Properties = t.Column<string>(nullable: true),
            RedirectUris = t.Column<string>(nullable: true),
            Requirements = t.Column<string>(nullable: true),
            Settings = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_core_oauth_applications", x => x.Id));
        b.CreateIndex("ix_core_oauth_applications_client", "core_oauth_applications", "ClientId", unique: true);

        b.CreateTable("core_oauth_authorizations", t => new
        {
            Id = t.Column<string>(),
            ApplicationId = t.Column<string>(nullable: true),
            ConcurrencyToken = t.Column<string>(maxLength: 50, nullable: true),
            CreationDate = t.Column<DateTime>(nullable: true),
            Properties = t.Column<string>(nullable: true),
            Scopes = t.Column<string>(nullable: true),
            Status = t.Column<string>(maxLength: 50, nullable: true),
            Subject = t.Column<string>(maxLength: 400, nullable: true),
            Type = t.Column<string>(maxLength: 50, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_oauth_authorizations", x => x.Id);
            t.ForeignKey("fk_core_oauth_authorizations_app", x => x.ApplicationId, "core_oauth_applications", "Id");
        });
        b.CreateIndex("ix_core_oauth_authorizations_lookup", "core_oauth_authorizations", ["ApplicationId", "Status", "Subject", "Type"]);

        b.CreateTable("core_oauth_scopes", t => new
        {
            Id = t.Column<string>(),
            ConcurrencyToken = t.Column<string>(maxLength: 50, nullable: true),
            Description = t.Column<string>(nullable: true),
            Descriptions = t.Column<string>(nullable: true),
            DisplayName = t.Column<string>(nullable: true),
            DisplayNames = t.Column<string>(nullable: true),
            Name = t.Column<string>(maxLength: 200, nullable: true),
            Properties = t.Column<string>(nullable: true),
            Resources = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_core_oauth_scopes", x => x.Id));
        b.CreateIndex("ix_core_oauth_scopes_name", "core_oauth_scopes", "Name", unique: true);

        b.CreateTable("core_oauth_tokens", t => new
        {
            Id = t.Column<string>(),
            ApplicationId = t.Column<string>(nullable: true),
            AuthorizationId = t.Column<string>(nullable: true),
            ConcurrencyToken = t.Column<string>(maxLength: 50, nullable: true),
            CreationDate = t.Column<DateTime>(nullable: true),
            ExpirationDate = t.Column<DateTime>(nullable: true),
            Payload = t.Column<string>(nullable: true),
            Properties = t.Column<string>(nullable: true),
            RedemptionDate = t.Column<DateTime>(nullable: true),
            ReferenceId = t.Column<string>(maxLength: 100, nullable: true),
            Status = t.Column<string>(maxLength: 50, nullable: true),
            Subject = t.Column<string>(maxLength: 400, nullable: true),
            Type = t.Column<string>(maxLength: 150, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_core_oauth_tokens", x => x.Id);
            t.ForeignKey("fk_core_oauth_tokens_app", x => x.ApplicationId, "core_oauth_applications", "Id");
            t.ForeignKey("fk_core_oauth_tokens_authorization", x => x.AuthorizationId, "core_oauth_authorizations", "Id");
        });
        b.CreateIndex("ix_core_oauth_tokens_authorization", "core_oauth_tokens", "AuthorizationId");
        b.CreateIndex("ix_core_oauth_tokens_reference", "core_oauth_tokens", "ReferenceId", unique: true);
        b.CreateIndex("ix_core_oauth_tokens_lookup", "core_oauth_tokens", ["ApplicationId", "Status", "Subject", "Type"]);
    }
}
