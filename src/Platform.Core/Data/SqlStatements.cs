using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Platform.Core.Data;

/// <summary>
/// Several SQL statements sent as one command: one round trip on PostgreSQL, one pass through SQLite's write turn.
/// Every interpolated value becomes a parameter; only a <see cref="SqlPart"/> (made by <see cref="Part"/> of the same
/// instance) is written into the text, so a value can never become SQL. For a hot write that would otherwise take
/// several EF Core <c>SaveChanges</c> calls, each its own round trip; everything else goes through the module's DbContext.
/// On PostgreSQL a command sent outside a transaction is one implicit transaction (its statements commit together at
/// the protocol's Sync, or none does).
/// </summary>
public sealed class SqlStatements
{
    private static long _commands;
    private readonly StringBuilder _sql = new();
    private readonly List<object?> _values = [];

    /// <summary>Commands made so far by every instance (benchmarks count round trips; EF Core's diagnostics do not see these).</summary>
    public static long CommandsRun => Interlocked.Read(ref _commands);

    /// <summary>The statements so far, as they will be sent (parameters named <c>@s0</c>, <c>@s1</c>…).</summary>
    public string Text => _sql.ToString();

    /// <summary>The parameters' values so far, in order.</summary>
    public IReadOnlyList<object?> Values => _values;

    /// <summary>Adds a statement (the separating semicolon is written here).</summary>
    public SqlStatements Add([InterpolatedStringHandlerArgument("")] ref SqlHandler statement)
    {
        _sql.Append(statement.Text).Append(";\n");
        return this;
    }

    /// <summary>An expression or subselect to use inside later statements of this instance; its values become parameters now.</summary>
    public SqlPart Part([InterpolatedStringHandlerArgument("")] ref SqlHandler expression) => new(expression.Text, this);

    /// <summary>Parts of this instance joined by <paramref name="separator"/> (rows of a multi-row VALUES list).</summary>
    public SqlPart Join(string separator, IEnumerable<SqlPart> parts) =>
        new(string.Join(separator, parts.Select(p => ReferenceEquals(p.Owner, this) ? p.Text : throw Foreign())), this);

    internal static InvalidOperationException Foreign() => new("An SQL part belongs to the statements that made it; its parameters are there.");

    internal string Parameter(object? value)
    {
        _values.Add(value);
        return "@s" + (_values.Count - 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A command on <paramref name="connection"/> inside <paramref name="transaction"/> holding all the statements.</summary>
    public DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction)
    {
        Interlocked.Increment(ref _commands);
        var command = connection.CreateCommand();
        command.CommandText = _sql.ToString();
        command.Transaction = transaction;
        for (var i = 0; i < _values.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@s" + i.ToString(CultureInfo.InvariantCulture);
            parameter.Value = _values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}

/// <summary>A piece of SQL text made by <see cref="SqlStatements.Part"/>; its values are parameters of that instance, so it belongs there only.</summary>
public readonly record struct SqlPart(string Text, SqlStatements Owner);

/// <summary>Builds a statement's text: literal text as written, <see cref="SqlPart"/> holes as text, any other hole as a parameter.</summary>
[InterpolatedStringHandler]
public ref struct SqlHandler
{
    private readonly SqlStatements _owner;
    private readonly StringBuilder _text;

    /// <summary>Called by the compiler for an interpolated statement of <paramref name="owner"/>.</summary>
    public SqlHandler(int literalLength, int formattedCount, SqlStatements owner)
    {
        _owner = owner;
        _text = new StringBuilder(literalLength + formattedCount * 4);
    }

    internal readonly string Text => _text.ToString();

    /// <summary>Literal text: SQL as written.</summary>
    public readonly void AppendLiteral(string value) => _text.Append(value);

    /// <summary>A part of the same <see cref="SqlStatements"/>, written as text.</summary>
    /// <exception cref="InvalidOperationException">When the part was made by another instance (its parameters are not here).</exception>
    public readonly void AppendFormatted(SqlPart part) => _text.Append(ReferenceEquals(part.Owner, _owner)
        ? part.Text
        : throw SqlStatements.Foreign());

    /// <summary>Any other value: a parameter.</summary>
    public readonly void AppendFormatted<T>(T value) => _text.Append(_owner.Parameter(value));
}
