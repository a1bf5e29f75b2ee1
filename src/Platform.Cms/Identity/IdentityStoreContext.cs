using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;
using OpenIddict.EntityFrameworkCore.Models;

namespace Platform.Cms.Identity;

/// <summary>People, their scoped grants, the OAuth server's applications/authorizations/tokens, and shared keys.</summary>
public sealed class IdentityStoreContext(DbContextOptions<IdentityStoreContext> options) : IdentityUserContext<PlatformUser>(options)
{
    public DbSet<AccessGrant> Grants => Set<AccessGrant>();
    public DbSet<ServerKey> ServerKeys => Set<ServerKey>();
    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Conventions.Add(_ => new SchemaLengthConvention(Data.CoreMigrations.All));
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
        builder.Entity<PlatformUser>().ToTable("core_users");
        builder.Entity<IdentityUserClaim<string>>().ToTable("core_user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("core_user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("core_user_tokens");
        builder.Entity<OpenIddictEntityFrameworkCoreApplication>().ToTable("core_oauth_applications");
        builder.Entity<OpenIddictEntityFrameworkCoreAuthorization>().ToTable("core_oauth_authorizations");
        builder.Entity<OpenIddictEntityFrameworkCoreScope>().ToTable("core_oauth_scopes");
        builder.Entity<OpenIddictEntityFrameworkCoreToken>().ToTable("core_oauth_tokens");
        builder.Entity<AccessGrant>().ToTable("core_grants");
        builder.Entity<ServerKey>().ToTable("core_server_keys");
        builder.Entity<DataProtectionKeyRow>().ToTable("core_dataprotection_keys");
    }
}
