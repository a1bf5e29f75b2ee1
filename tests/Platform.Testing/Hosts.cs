using Platform.Core.Data;

namespace Platform.Testing;

/// <summary>A demo-loaded host on its own SQLite file; one per test class (xunit class fixture).</summary>
public sealed class SqliteHost() : PlatformFactory(DatabaseKind.Sqlite);

/// <summary>A demo-loaded host on its own PostgreSQL database; one per test class.</summary>
public sealed class PostgresHost() : PlatformFactory(DatabaseKind.Postgres);
