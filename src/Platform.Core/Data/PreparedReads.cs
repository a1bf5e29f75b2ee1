using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Platform.Core.Data;

/// <summary>
/// Reads for the hottest public pages, below EF Core: a lease on a connection whose statements stay prepared. On SQLite
/// the platform keeps a few read-only connections open, each with its commands compiled once (SQLite's statement
/// preparation, EF Core's query pipeline and the pool's open and close otherwise cost more than the read itself); on
/// PostgreSQL a lease is a pooled Npgsql connection. Use it for a handful of fixed single-row reads on a page every
/// visitor opens; everything else goes through the module's DbContext.
/// </summary>
/// <remarks>
/// The kept SQLite connections refuse writes (<c>PRAGMA query_only</c>), are never handed to the provider's pool, and
/// hold no read transaction between leases (a statement is reset when its reader is disposed), so they neither see
/// stale data nor hold back the write-ahead log's checkpoints.
/// </remarks>
public sealed class PreparedReads(DatabaseSettings database) : IDisposable
{
    private readonly ConcurrentQueue<SqliteReadConnection> _idle = new();
    private readonly string _sqlite = database.Kind == DatabaseKind.Sqlite
        ? new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString()
        : "";
    private int _idleCount;
    private bool _disposed;
    private long _commands;

    /// <summary>Statements handed out so far (each <see cref="ReadLease.Command"/>): EF Core's diagnostics do not see these reads.</summary>
    public long CommandsRun => Interlocked.Read(ref _commands);

    internal void Counted() => Interlocked.Increment(ref _commands);

    /// <summary>
    /// Connections kept open when idle; more may be open at a busy moment, and those close when returned. Not fewer: a
    /// connection opened per lease reads the schema again to compile its statements, which cost a story page two thirds
    /// of its speed with 4 kept for 32 concurrent visitors (1,800 against 5,600 pages/s with 16).
    /// </summary>
    public static int KeepIdle { get; } = Math.Max(16, 4 * Environment.ProcessorCount);

    /// <summary>A connection for a few reads; dispose it (it goes back to the line of idle connections).</summary>
    public async ValueTask<ReadLease> LeaseAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (database.Kind == DatabaseKind.Postgres)
        {
            var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return new ReadLease(this, connection, null);
        }
        if (_idle.TryDequeue(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return new ReadLease(this, idle.Connection, idle);
        }
        var opened = new SqliteConnection(_sqlite);
        await opened.OpenAsync(cancellationToken);
        await using (var pragmas = opened.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA query_only=1; PRAGMA busy_timeout=30000;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
        }
        var kept = new SqliteReadConnection(opened);
        return new ReadLease(this, opened, kept);
    }

    internal async ValueTask ReturnAsync(DbConnection connection, SqliteReadConnection? kept)
    {
        if (kept is not null && !_disposed && Interlocked.Increment(ref _idleCount) <= KeepIdle)
        {
            _idle.Enqueue(kept);
            return;
        }
        if (kept is not null) Interlocked.Decrement(ref _idleCount);
        kept?.Dispose();
        await connection.DisposeAsync();
    }

    /// <summary>Closes the idle connections.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryDequeue(out var idle)) idle.Dispose();
    }
}

/// <summary>An open SQLite connection with its prepared commands, by SQL text.</summary>
internal sealed class SqliteReadConnection(SqliteConnection connection) : IDisposable
{
    public SqliteConnection Connection { get; } = connection;

    public Dictionary<string, SqliteCommand> Commands { get; } = new(StringComparer.Ordinal);

    public void Dispose()
    {
        foreach (var command in Commands.Values) command.Dispose();
        Connection.Dispose();
    }
}

/// <summary>A leased read connection (see <see cref="PreparedReads"/>).</summary>
public sealed class ReadLease : IAsyncDisposable
{
    private readonly PreparedReads _owner;
    private readonly DbConnection _connection;
    private readonly SqliteReadConnection? _kept;
    private List<DbCommand>? _made;

    internal ReadLease(PreparedReads owner, DbConnection connection, SqliteReadConnection? kept) =>
        (_owner, _connection, _kept) = (owner, connection, kept);

    /// <summary>
    /// The command for <paramref name="sql"/> on this connection: on SQLite the same prepared command every time (set its
    /// parameters with <see cref="Set"/>; dispose only the reader); on PostgreSQL a new one, disposed with the lease.
    /// </summary>
    public DbCommand Command(string sql)
    {
        _owner.Counted();
        if (_kept is not null)
        {
            if (_kept.Commands.TryGetValue(sql, out var prepared)) return prepared;
            var command = _kept.Connection.CreateCommand();
            command.CommandText = sql;
            _kept.Commands[sql] = command;
            return command;
        }
        var made = _connection.CreateCommand();
        made.CommandText = sql;
        (_made ??= []).Add(made);
        return made;
    }

    /// <summary>True when this lease's connection already holds the command for <paramref name="sql"/> (SQLite only).</summary>
    public bool HasCommand(string sql) => _kept?.Commands.ContainsKey(sql) == true;

    /// <summary>Sets (or adds) a parameter of a command from <see cref="Command"/>.</summary>
    public static DbCommand Set(DbCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var at = parameters.IndexOf(name);
        if (at >= 0)
        {
            parameters[at].Value = value ?? DBNull.Value;
            return command;
        }
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        parameters.Add(parameter);
        return command;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_made is not null)
            foreach (var command in _made) await command.DisposeAsync();
        await _owner.ReturnAsync(_connection, _kept);
    }
}
