using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.Core.Data;

/// <summary>
/// Queues SQLite writers of this process in an async line, one per database file, instead of letting them meet at
/// SQLite's write lock. SQLite admits one writer at a time; without this, every waiting writer sleeps on a thread
/// inside SQLite's busy handler (1, 2, 5 … 100 ms steps), which on a small machine starves the thread pool and sets
/// the slowest requests under contention (seconds at 32 concurrent bookings). With it, a writer awaits its turn
/// without a thread and starts the moment the previous one commits.
/// <para>
/// The line is taken when EF Core begins a transaction (Microsoft.Data.Sqlite begins them <c>IMMEDIATE</c>, so the
/// transaction holds the write lock from its start anyway) and given back when it commits, rolls back or fails, or
/// at the latest when its connection closes (a transaction disposed without either). A write statement outside a
/// transaction (EF's single-statement <c>SaveChanges</c>, <c>ExecuteUpdate</c>, <c>ExecuteDelete</c>) takes it for
/// that statement. Other processes on the same file still meet at SQLite's own lock (busy_timeout, see
/// <see cref="SqlitePragmas"/>). A writer that waits longer than the connection's timeout gets SQLITE_BUSY, as it
/// would from SQLite.
/// </para>
/// </summary>
public sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    /// <summary>The shared instance.</summary>
    public static readonly SqliteWriteGate Instance = new();

    private const int SqliteBusy = 5;
    private static readonly ConcurrentDictionary<string, SqliteWriteLine> Lines = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<DbConnection, Hold> _holds = [];
    private readonly ConditionalWeakTable<DbTransaction, DbConnection> _connections = [];

    /// <summary>Who holds the line on a connection: a transaction (given back at its end) or one statement.</summary>
    private sealed class Hold
    {
        public SqliteWriteLine? Line;
        public bool ForStatement;
        public long TakenAt;
        public long HandedOverAt;
    }

    // What the line costs between writers (every file of this process; read by bench/booking): Stopwatch ticks.
    private static long s_releasedAt, s_handovers, s_resumeTicks, s_beginTicks, s_heldTicks, s_holds;

    /// <summary>
    /// Since start, over every file: how many writers waited for the line (<c>Handovers</c>), the mean time from the
    /// release before them to their resuming (<c>ResumeMs</c>) and to their BEGIN having run (<c>BeginMs</c>), and the
    /// total time the line was held (<c>HeldMs</c>, over <c>Holds</c> holds).
    /// </summary>
    public static (long Handovers, double ResumeMs, double BeginMs, long Holds, double HeldMs) Stats()
    {
        var handovers = Interlocked.Read(ref s_handovers);
        double Ms(long ticks) => ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
        return (handovers, handovers == 0 ? 0 : Ms(Interlocked.Read(ref s_resumeTicks)) / handovers,
            handovers == 0 ? 0 : Ms(Interlocked.Read(ref s_beginTicks)) / handovers, Interlocked.Read(ref s_holds), Ms(Interlocked.Read(ref s_heldTicks)));
    }

    /// <summary>The line of a database file (exposed for tests: how many writers may start now).</summary>
    public static SqliteWriteLine LineOf(string dataSource) =>
        Lines.GetOrAdd(Path.GetFullPath(dataSource), _ => new SqliteWriteLine());

    private static SqliteWriteLine? LineFor(DbConnection connection) =>
        connection is SqliteConnection { DataSource: { Length: > 0 } file } && file != ":memory:" ? LineOf(file) : null;

    private static TimeSpan Timeout(DbConnection connection) =>
        TimeSpan.FromSeconds(connection is SqliteConnection { DefaultTimeout: > 0 } c ? c.DefaultTimeout : 30);

    private static SqliteException Busy(DbConnection connection) =>
        new($"数据库繁忙：等待写入超过 {Timeout(connection).TotalSeconds:0} 秒。请稍后重试。 / database is locked (waited for the write line)", SqliteBusy);

    private async ValueTask TakeAsync(DbConnection connection, bool forStatement, CancellationToken ct)
    {
        var hold = _holds.GetOrCreateValue(connection);
        if (hold.Line is not null || LineFor(connection) is not { } line) return; // already held on this connection, or not a file
        var wait = line.WaitAsync(Timeout(connection), ct);
        var waited = !wait.IsCompleted;
        if (!await wait.ConfigureAwait(false)) throw Busy(connection);
        Taken(hold, line, forStatement, waited);
    }

    private static void Taken(Hold hold, SqliteWriteLine line, bool forStatement, bool waited)
    {
        hold.Line = line;
        hold.ForStatement = forStatement;
        hold.TakenAt = System.Diagnostics.Stopwatch.GetTimestamp();
        if (!waited) return;
        hold.HandedOverAt = Volatile.Read(ref s_releasedAt);
        Interlocked.Increment(ref s_handovers);
        Interlocked.Add(ref s_resumeTicks, hold.TakenAt - hold.HandedOverAt);
    }

    private void Take(DbConnection connection, bool forStatement)
    {
        var hold = _holds.GetOrCreateValue(connection);
        if (hold.Line is not null || LineFor(connection) is not { } line) return;
        var waited = !line.TryTake();
        if (waited && !line.Wait(Timeout(connection))) throw Busy(connection);
        Taken(hold, line, forStatement, waited);
    }

    /// <summary>
    /// Gives the line back; a statement's end gives back only what that statement took. <paramref name="direct"/>: the
    /// next writer may run on this thread at once (<see cref="SqliteWriteLine.Release"/>), which only a finished COMMIT or
    /// ROLLBACK allows: at a statement's end SQLite may still hold the lock until its reader is disposed, and a next
    /// writer's BEGIN run inside that would wait in SQLite's busy handler on the very thread that has to dispose it.
    /// </summary>
    private void GiveBack(DbConnection connection, bool statementOnly, bool direct = false)
    {
        if (!_holds.TryGetValue(connection, out var hold) || hold.Line is not { } line) return;
        if (statementOnly && !hold.ForStatement) return;
        hold.Line = null;
        hold.ForStatement = false;
        hold.HandedOverAt = 0;
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        Interlocked.Add(ref s_heldTicks, now - hold.TakenAt);
        Interlocked.Increment(ref s_holds);
        Volatile.Write(ref s_releasedAt, now);
        line.Release(direct);
    }

    /// <summary>A statement outside a transaction that writes (EF Core's own INSERT/UPDATE/DELETE, perhaps after a comment tag).</summary>
    public static bool Writes(DbCommand command)
    {
        if (command.Transaction is not null) return false;
        var text = command.CommandText.AsSpan();
        while (true)
        {
            text = text.TrimStart();
            if (!text.StartsWith("--", StringComparison.Ordinal)) break;
            var end = text.IndexOf('\n');
            if (end < 0) return false;
            text = text[(end + 1)..];
        }
        return text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("REPLACE", StringComparison.OrdinalIgnoreCase);
    }

    // Transactions: the line from BEGIN to COMMIT/ROLLBACK.

    /// <inheritdoc />
    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Take(connection, forStatement: false);
        return result;
    }

    /// <inheritdoc />
    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await TakeAsync(connection, forStatement: false, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        _connections.AddOrUpdate(result, connection); // a finished SqliteTransaction no longer knows its connection
        if (_holds.TryGetValue(connection, out var hold) && hold.HandedOverAt != 0)
        {
            Interlocked.Add(ref s_beginTicks, System.Diagnostics.Stopwatch.GetTimestamp() - hold.HandedOverAt);
            hold.HandedOverAt = 0;
        }
        return result;
    }

    /// <inheritdoc />
    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TransactionStarted(connection, eventData, result));

    private void Ended(DbTransaction transaction, bool direct = false)
    {
        if (_connections.TryGetValue(transaction, out var connection)) GiveBack(connection, statementOnly: false, direct);
    }

    /// <inheritdoc />
    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction, direct: true);

    /// <inheritdoc />
    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction, direct: true);

    /// <inheritdoc />
    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        // A failed COMMIT or ROLLBACK: SQLite has ended the transaction (a failed BEGIN gives back when its connection closes).
        Ended(transaction);
    }

    /// <inheritdoc />
    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionFailed(transaction, eventData);
        return Task.CompletedTask;
    }

    // Statements outside a transaction: the line for one statement.

    /// <inheritdoc />
    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (Writes(command)) Take(command.Connection!, forStatement: true);
        return result;
    }

    /// <inheritdoc />
    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Writes(command)) await TakeAsync(command.Connection!, forStatement: true, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        GiveBack(command.Connection!, statementOnly: true);
        return result;
    }

    /// <inheritdoc />
    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        GiveBack(command.Connection!, statementOnly: true);
        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (Writes(command)) Take(command.Connection!, forStatement: true);
        return result;
    }

    /// <inheritdoc />
    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Writes(command)) await TakeAsync(command.Connection!, forStatement: true, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        // An INSERT … RETURNING holds SQLite's lock until its reader is done.
        GiveBack(command.Connection!, statementOnly: true);
        return result;
    }

    /// <inheritdoc />
    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        if (Writes(command)) Take(command.Connection!, forStatement: true);
        return result;
    }

    /// <inheritdoc />
    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        if (Writes(command)) await TakeAsync(command.Connection!, forStatement: true, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        GiveBack(command.Connection!, statementOnly: true);
        return result;
    }

    /// <inheritdoc />
    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        GiveBack(command.Connection!, statementOnly: true);
        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => GiveBack(command.Connection!, statementOnly: true);

    /// <inheritdoc />
    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => GiveBack(command.Connection!, statementOnly: true);

    /// <inheritdoc />
    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandCanceled(command, eventData);
        return Task.CompletedTask;
    }

    // The last resort: a connection that closes gives back whatever it still holds.

    /// <inheritdoc />
    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        GiveBack(connection, statementOnly: false);
        return result;
    }

    /// <inheritdoc />
    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        GiveBack(connection, statementOnly: false);
        return ValueTask.FromResult(result);
    }
}
