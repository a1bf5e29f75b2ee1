using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;

namespace Platform.Cms.Tests.Data;

/// <summary>
/// The SQLite write line: a transaction or a write statement holds it, everything that ends a write gives it back
/// (commit, rollback, a transaction disposed unfinished, a failed statement), reads never wait for it, and a writer
/// that waits past the connection's timeout gets SQLITE_BUSY with a Chinese message.
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-gate-").FullName;
    private readonly DatabaseSettings _database;
    private readonly SqliteWriteLine _line;

    public SqliteWriteGateTests()
    {
        _database = DatabaseSettings.From(null, _dir);
        _line = SqliteWriteGate.LineOf(Path.Combine(_dir, "platform.db"));
        using var db = Open();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL; CREATE TABLE counters (Id INTEGER PRIMARY KEY, Value INTEGER NOT NULL);");
        db.Counters.Add(new Counter { Id = 1, Value = 0 });
        db.SaveChanges();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class Counter
    {
        public long Id { get; set; }
        public long Value { get; set; }
    }

    private sealed class GateContext(DbContextOptions<GateContext> options) : DbContext(options)
    {
        public DbSet<Counter> Counters => Set<Counter>();
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Counter>().ToTable("counters");
    }

    private GateContext Open(DatabaseSettings? database = null)
    {
        var options = new DbContextOptionsBuilder<GateContext>();
        (database ?? _database).Configure(options);
        return new GateContext(options.Options);
    }

    [Fact]
    public async Task A_transaction_holds_the_line_until_it_commits_and_a_writer_waits_for_it_while_a_reader_does_not()
    {
        await using var first = Open();
        await using (var transaction = await first.Database.BeginTransactionAsync())
        {
            Assert.Equal(0, _line.CurrentCount);
            await first.Counters.Where(c => c.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + 1));

            await using var second = Open();
            var write = second.Counters.Where(c => c.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + 10));
            await Task.Delay(200);
            Assert.False(write.IsCompleted); // queued behind the transaction

            await using var reader = Open();
            Assert.Equal(0, await reader.Counters.Where(c => c.Id == 1).Select(c => c.Value).SingleAsync()); // reads do not queue

            await transaction.CommitAsync();
            Assert.Equal(1, await write);
        }
        Assert.Equal(1, _line.CurrentCount);
        await using var check = Open();
        Assert.Equal(11, await check.Counters.Where(c => c.Id == 1).Select(c => c.Value).SingleAsync());
    }

    [Fact]
    public async Task Rollback_an_unfinished_transaction_and_a_failed_statement_each_give_the_line_back()
    {
        await using (var db = Open())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await transaction.RollbackAsync();
        }
        Assert.Equal(1, _line.CurrentCount);

        await using (var db = Open())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Counters.Add(new Counter { Id = 2, Value = 5 });
            await db.SaveChangesAsync();
            // disposed without commit or rollback
        }
        Assert.Equal(1, _line.CurrentCount);

        await using (var db = Open())
        {
            db.Counters.Add(new Counter { Id = 1, Value = 5 }); // the key is taken: a failed single INSERT outside a transaction
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        Assert.Equal(1, _line.CurrentCount);

        await using var check = Open();
        Assert.Equal([1L], await check.Counters.Select(c => c.Id).ToListAsync());
    }

    [Fact]
    public async Task Concurrent_read_modify_write_transactions_all_commit_and_none_is_lost()
    {
        const int writers = 64;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            await using var db = Open();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var counter = await db.Counters.SingleAsync(c => c.Id == 1);
            counter.Value++;
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        })));
        Assert.Equal(1, _line.CurrentCount);
        await using var check = Open();
        Assert.Equal(writers, await check.Counters.Where(c => c.Id == 1).Select(c => c.Value).SingleAsync());
    }

    [Fact]
    public async Task A_writer_that_waits_past_the_timeout_gets_busy_in_chinese()
    {
        var impatient = DatabaseSettings.From($"Data Source={Path.Combine(_dir, "platform.db")};Default Timeout=1", _dir);
        await using var holder = Open();
        await using var transaction = await holder.Database.BeginTransactionAsync();
        await using var waiter = Open(impatient);
        var refused = await Assert.ThrowsAsync<SqliteException>(() =>
            waiter.Counters.Where(c => c.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, 7)));
        Assert.Equal(5, refused.SqliteErrorCode);
        Assert.Contains("数据库繁忙", refused.Message, StringComparison.Ordinal);
        await transaction.CommitAsync();
        Assert.Equal(1, _line.CurrentCount);
    }

    [Fact]
    public async Task A_waiting_writer_resumes_on_the_thread_that_released_the_line_and_one_that_gave_up_is_passed_over()
    {
        var line = new SqliteWriteLine();
        Assert.True(await line.WaitAsync(TimeSpan.FromSeconds(5)));
        var impatient = line.WaitAsync(TimeSpan.FromMilliseconds(50));
        var resumedOn = ResumedOnAsync(line.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(await impatient); // its time ran out: it leaves the queue without the line
        Assert.Equal(0, line.CurrentCount);

        // Released on a thread of its own (not the pool's): the waiter runs on it, not through the thread pool's queue.
        var releasedOn = 0;
        var releaser = new Thread(() => { releasedOn = Environment.CurrentManagedThreadId; line.Release(); });
        releaser.Start();
        releaser.Join();
        Assert.Equal(releasedOn, await resumedOn);
        Assert.Equal(0, line.CurrentCount); // the waiter holds it now

        // Not direct (a statement's end, when SQLite may hold its lock until the reader is disposed): through the pool.
        var queued = ResumedOnAsync(line.WaitAsync(TimeSpan.FromSeconds(30)));
        var releaser2 = new Thread(() => { releasedOn = Environment.CurrentManagedThreadId; line.Release(direct: false); });
        releaser2.Start();
        releaser2.Join();
        Assert.NotEqual(releasedOn, await queued);
        line.Release();
        Assert.Equal(1, line.CurrentCount);

        static async Task<int> ResumedOnAsync(Task<bool> waiting)
        {
            Assert.True(await waiting.ConfigureAwait(false));
            return Environment.CurrentManagedThreadId;
        }
    }

    [Theory]
    [InlineData("INSERT INTO t VALUES (1)", true)]
    [InlineData("  update t set a = 1", true)]
    [InlineData("-- tagged\nDELETE FROM t", true)]
    [InlineData("SELECT * FROM t", false)]
    [InlineData("PRAGMA busy_timeout=30000;", false)]
    [InlineData("-- only a comment", false)]
    public void Write_statements_are_told_from_reads(string sql, bool writes)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(writes, SqliteWriteGate.Writes(command));
    }
}
