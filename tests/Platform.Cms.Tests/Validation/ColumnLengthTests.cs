using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Cms.Identity;
using Platform.Core;
using Platform.Core.Data;
using Platform.Core.Modules;
using Platform.Testing;

namespace Platform.Cms.Tests.Validation;

/// <summary>
/// Keeps every context's EF model and the database in step: every text property of every model (the host's, every
/// installed module's, the fixture modules') has a length, except the big bodies listed here with the limit that
/// bounds them instead; PostgreSQL's columns have exactly the model's lengths; and a save that would store a longer text
/// is refused with a Chinese message on both databases, SQLite included.
/// </summary>
public abstract class ColumnLengthTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    /// <summary>Text columns without a length, each with what bounds it instead.</summary>
    public static readonly IReadOnlyDictionary<string, string> Unbounded = new Dictionary<string, string>
    {
        // Documents and snapshots the platform composes itself from fields that are bounded on their own.
        ["core_audit.Before"] = "the state before a change, composed from bounded fields",
        ["core_audit.After"] = "the state after a change, composed from bounded fields",
        ["core_content_versions.Json"] = "a content item's JSON: every field is limited by its content type (ContentValidator)",
        ["core_workflow_variants.Json"] = "a workflow definition: the module's file and customisations of at most 2,000 characters",
        ["core_outbox.Data"] = "an event's data, composed by the platform",
        ["core_inbox.Body"] = "a notice rendered from a template of at most 20,000 characters (template output limit 2 MB)",
        ["core_mail_queue.Body"] = "a mail rendered from a template of at most 20,000 characters (template output limit 2 MB)",
        ["veterans_import_jobs.Errors"] = "an import's row errors, one short message per refused row of a bounded sheet",
        // Values written only by ASP.NET Core Identity and OpenIddict, never typed by a person.
        ["core_users.Id"] = "a GUID made by Identity",
        ["core_users.PasswordHash"] = "Identity's password hash",
        ["core_users.SecurityStamp"] = "Identity's stamp (a GUID)",
        ["core_users.ConcurrencyStamp"] = "Identity's stamp (a GUID)",
        ["core_user_claims.UserId"] = "a user's GUID",
        ["core_user_claims.ClaimType"] = "not written by the platform",
        ["core_user_claims.ClaimValue"] = "not written by the platform",
        ["core_user_logins.UserId"] = "a user's GUID",
        ["core_user_tokens.UserId"] = "a user's GUID",
        ["core_user_tokens.Value"] = "the authenticator key and recovery codes made by Identity",
        ["core_grants.UserId"] = "a user's GUID",
        ["core_oauth_applications.Id"] = "a GUID made by OpenIddict",
        ["core_oauth_applications.ClientSecret"] = "OpenIddict's hash of the secret",
        ["core_oauth_applications.DisplayNames"] = "OpenIddict's JSON of localised names (not used)",
        ["core_oauth_applications.JsonWebKeySet"] = "OpenIddict's JSON (not used)",
        ["core_oauth_applications.Permissions"] = "OpenIddict's JSON array of the scopes and endpoints a client may use",
        ["core_oauth_applications.PostLogoutRedirectUris"] = "OpenIddict's JSON array of checked addresses",
        ["core_oauth_applications.Properties"] = "OpenIddict's JSON of the client's binding (organisation, region)",
        ["core_oauth_applications.RedirectUris"] = "OpenIddict's JSON array of checked addresses",
        ["core_oauth_applications.Requirements"] = "OpenIddict's JSON (PKCE)",
        ["core_oauth_applications.Settings"] = "OpenIddict's JSON (token lifetimes)",
        ["core_oauth_authorizations.Id"] = "a GUID made by OpenIddict",
        ["core_oauth_authorizations.ApplicationId"] = "an application's GUID",
        ["core_oauth_authorizations.Properties"] = "OpenIddict's JSON",
        ["core_oauth_authorizations.Scopes"] = "OpenIddict's JSON array of granted scopes",
        ["core_oauth_scopes.Id"] = "a GUID made by OpenIddict",
        ["core_oauth_scopes.Description"] = "not used",
        ["core_oauth_scopes.Descriptions"] = "not used",
        ["core_oauth_scopes.DisplayName"] = "not used",
        ["core_oauth_scopes.DisplayNames"] = "not used",
        ["core_oauth_scopes.Properties"] = "not used",
        ["core_oauth_scopes.Resources"] = "not used",
        ["core_oauth_tokens.Id"] = "a GUID made by OpenIddict",
        ["core_oauth_tokens.ApplicationId"] = "an application's GUID",
        ["core_oauth_tokens.AuthorizationId"] = "an authorization's GUID",
        ["core_oauth_tokens.Payload"] = "a token made by OpenIddict",
        ["core_oauth_tokens.Properties"] = "OpenIddict's JSON",
        ["core_server_keys.Pfx"] = "a certificate made by the host",
        ["core_dataprotection_keys.Xml"] = "a key made by Data Protection",
    };

    private sealed record Column(string Context, string Entity, string Property, string Table, string Name, int? Length);

    private List<Column> ModelColumns()
    {
        _ = host.Server;
        using var scope = host.Services.CreateScope();
        var catalog = host.Services.GetRequiredService<ModuleCatalog>();
        var contextTypes = new[] { typeof(CoreDbContext), typeof(IdentityStoreContext) }
            .Concat(catalog.Modules.SelectMany(m => m.GetType().Assembly.GetTypes())
                .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(ModuleDbContext))))
            .Distinct()
            .ToList();
        Assert.Contains(contextTypes, t => t.Name == "AlphaDbContext");
        Assert.Contains(contextTypes, t => t.Name == "ProvidersDbContext");
        var columns = new List<Column>();
        foreach (var type in contextTypes)
        {
            var context = (DbContext)scope.ServiceProvider.GetRequiredService(type);
            foreach (var entity in context.Model.GetEntityTypes())
            {
                if (entity.GetTableName() is not { } table) continue;
                var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
                foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
                    columns.Add(new Column(
                        type.Name, entity.ClrType.Name, property.Name, table, property.GetColumnName(store)!, property.GetMaxLength()));
            }
        }
        return columns;
    }

    [Fact]
    public void Every_text_property_of_every_model_has_a_length_except_the_listed_bodies()
    {
        var columns = ModelColumns();
        var missing = columns.Where(c => c.Length is null && !Unbounded.ContainsKey($"{c.Table}.{c.Name}"))
            .Select(c => $"{c.Context}: {c.Entity}.{c.Property} ({c.Table}.{c.Name})").Distinct().ToList();
        Assert.True(missing.Count == 0, "Text properties without a length (give the column a maxLength in a migration step):\n  "
            + string.Join("\n  ", missing));
        // The list stays honest: every entry names a mapped column that really is unbounded.
        var stale = Unbounded.Keys.Where(k => !columns.Any(c => $"{c.Table}.{c.Name}" == k && c.Length is null)).ToList();
        Assert.True(stale.Count == 0, "Listed as unbounded but bounded or not mapped: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task The_database_columns_have_the_models_lengths()
    {
        var columns = ModelColumns();
        var actual = await DatabaseColumnsAsync();
        var wrong = new List<string>();
        foreach (var column in columns.DistinctBy(c => (c.Table, c.Name)))
        {
            if (!actual.TryGetValue((column.Table, column.Name), out var length))
                wrong.Add($"{column.Table}.{column.Name}: not in the database");
            else if (host.Kind == DatabaseKind.Postgres && length != column.Length)
                wrong.Add($"{column.Table}.{column.Name}: database {Show(length, "text")}, model {Show(column.Length, "unbounded")}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static string Show(int? length, string none) => length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? none;

    /// <summary>(table, column) → character_maximum_length on PostgreSQL (null for text); on SQLite the columns, with no lengths.</summary>
    private async Task<Dictionary<(string, string), int?>> DatabaseColumnsAsync()
    {
        using var scope = host.Services.CreateScope();
        var connection = scope.ServiceProvider.GetRequiredService<CoreDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var result = new Dictionary<(string, string), int?>();
            if (host.Kind == DatabaseKind.Postgres)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT table_name, column_name, character_maximum_length FROM information_schema.columns "
                                      + "WHERE table_schema = current_schema() AND data_type IN ('character varying', 'text', 'character')";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    result[(reader.GetString(0), reader.GetString(1))] = reader.IsDBNull(2) ? null : reader.GetInt32(2);
                return result;
            }
            foreach (var table in await TablesAsync(connection))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync()) result[(table, reader.GetString(0))] = null;
            }
            return result;
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task<List<string>> TablesAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }

    [Fact]
    public async Task A_save_longer_than_the_column_is_refused_in_Chinese_and_stores_nothing()
    {
        _ = host.Server;
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var before = await db.Regions.CountAsync();
        db.Regions.Add(new Region
        {
            Code = "519901", ParentCode = null, Name = new string('长', 101), Slug = "too-long", Level = 1, Path = "/519901/",
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });
        var refusal = await Assert.ThrowsAsync<PlatformException>(() => db.SaveChangesAsync());
        Assert.Equal(400, refusal.Status);
        Assert.Contains("最多 100 个字", refusal.MessageZh, StringComparison.Ordinal);
        Assert.Contains("Region.Name", refusal.MessageZh, StringComparison.Ordinal);

        db.ChangeTracker.Clear();
        Assert.Equal(before, await db.Regions.CountAsync());
        // A change of another column of a record is not held up by the check.
        var region = await db.Regions.FirstAsync();
        region.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync();
    }
}

public sealed class ColumnLengthTests_Sqlite(SqliteHost host) : ColumnLengthTests<SqliteHost>(host);

public sealed class ColumnLengthTests_Postgres(PostgresHost host) : ColumnLengthTests<PostgresHost>(host);
