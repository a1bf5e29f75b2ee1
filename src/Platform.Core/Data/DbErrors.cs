using Microsoft.Data.Sqlite;
using Npgsql;

namespace Platform.Core.Data;

/// <summary>Reads provider errors the same way on SQLite and PostgreSQL.</summary>
public static class DbErrors
{
    /// <summary>
    /// True when <paramref name="exception"/> (or what it wraps) is a primary-key or unique-index violation: what a
    /// raw SQL statement throws where EF Core's <c>SaveChanges</c> would throw a <c>DbUpdateException</c>.
    /// </summary>
    public static bool IsUniqueViolation(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE; PostgreSQL unique_violation.
            if (e is SqliteException { SqliteExtendedErrorCode: 1555 or 2067 } || e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
                return true;
        }
        return false;
    }

    /// <summary>
    /// True when <paramref name="exception"/> (or what it wraps) is a violation of the check constraint named
    /// <paramref name="constraint"/>: a write the database refused because it would break that rule.
    /// </summary>
    public static bool IsCheckViolation(Exception exception, string constraint)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // SQLITE_CONSTRAINT_CHECK names the constraint in its message; PostgreSQL check_violation carries its name.
            if (e is SqliteException { SqliteExtendedErrorCode: 275 } sqlite && sqlite.Message.Contains(constraint, StringComparison.Ordinal)
                || e is PostgresException { SqlState: PostgresErrorCodes.CheckViolation } postgres && postgres.ConstraintName == constraint)
                return true;
        }
        return false;
    }
}
