using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Core.Data;
using Platform.Core.Modules;

namespace Platform.Cms.Data;

/// <summary>
/// Brings the database up to date at start: the core schema first, then each module in dependency
/// order. Each module keeps its own history table (<c>__migrations_{module}</c>); each step runs in
/// its own transaction together with its history row, so a failed step leaves nothing half-done.
/// On PostgreSQL an advisory lock keeps two nodes from migrating at once.
/// </summary>
public sealed class MigrationRunner(
    IServiceScopeFactory scopes, ModuleCatalog catalog, DatabaseSettings database, ILogger<MigrationRunner> logger)
{
    private const long AdvisoryLockKey = 0x504C4154464F524D; // "PLATFORM"

    /// <param name="onEmptyDatabase">Called first when the database has never been migrated (the first start), so
    /// slow one-time work such as key generation can run alongside the migrations.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public async Task RunAsync(Action? onEmptyDatabase = null, CancellationToken cancellationToken = default)
    {
        using var scope = scopes.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var generator = context.GetService<IMigrationsSqlGenerator>();
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (database.Kind == DatabaseKind.Sqlite)
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
            else
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey});", cancellationToken);

            await ExecuteAsync(connection, null,
                "CREATE TABLE IF NOT EXISTS \"__migrations_core\" (\"version\" integer NOT NULL PRIMARY KEY, \"name\" varchar(200) NOT NULL, \"applied_at\" varchar(40) NOT NULL);",
                cancellationToken);
            if (await ScalarAsync(connection, null, "SELECT COUNT(*) FROM \"__migrations_core\";", cancellationToken) == 0)
                onEmptyDatabase?.Invoke();
            await MigrateAsync(context, generator, CoreMigrations.ModuleId, CoreMigrations.All, cancellationToken);
            foreach (var module in catalog.Modules)
                await MigrateAsync(context, generator, module.Manifest.Id, module.Migrations, cancellationToken);
        }
        finally
        {
            if (database.Kind == DatabaseKind.Postgres)
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey});", CancellationToken.None);
            await context.Database.CloseConnectionAsync();
        }
    }

    private async Task MigrateAsync(
        CoreDbContext context, IMigrationsSqlGenerator generator, string moduleId,
        IReadOnlyList<SchemaMigration> migrations, CancellationToken cancellationToken)
    {
        ValidateOrder(moduleId, migrations);
        if (migrations.Count == 0) return;
        var connection = context.Database.GetDbConnection();
        var history = $"\"__migrations_{moduleId.ToLowerInvariant()}\"";
        await ExecuteAsync(connection, null,
            $"CREATE TABLE IF NOT EXISTS {history} (\"version\" integer NOT NULL PRIMARY KEY, \"name\" varchar(200) NOT NULL, \"applied_at\" varchar(40) NOT NULL);",
            cancellationToken);

        foreach (var migration in migrations)
        {
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            var dbTransaction = transaction.GetDbTransaction();
            var applied = await ScalarAsync(connection, dbTransaction,
                $"SELECT COUNT(*) FROM {history} WHERE \"version\" = {migration.Version};", cancellationToken);
            if (applied > 0) continue;

            var builder = new MigrationBuilder(context.Database.ProviderName);
            migration.Up(builder);
            foreach (var command in generator.Generate(builder.Operations))
                await ExecuteAsync(connection, dbTransaction, command.CommandText, cancellationToken);

            await using (var insert = connection.CreateCommand())
            {
                insert.Transaction = dbTransaction;
                insert.CommandText = $"INSERT INTO {history} (\"version\", \"name\", \"applied_at\") VALUES (@v, @n, @a);";
                AddParameter(insert, "@v", migration.Version);
                AddParameter(insert, "@n", migration.Name);
                AddParameter(insert, "@a", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied migration {Module} {Version} ({Name})", moduleId, migration.Version, migration.Name);
        }
    }

    public static void ValidateOrder(string moduleId, IReadOnlyList<SchemaMigration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new ModuleLoadException(
                    $"模块 {moduleId} 的迁移版本必须从 1 开始连续递增（第 {i + 1} 个是 {migrations[i].Version}）。" +
                    $"Module {moduleId}: migration versions must run 1, 2, 3... (item {i + 1} is {migrations[i].Version}).");
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
