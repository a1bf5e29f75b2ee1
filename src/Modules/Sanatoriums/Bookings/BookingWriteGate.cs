using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Platform.Core.Data;

namespace Platform.Modules.Sanatoriums.Bookings;

/// <summary>
/// On PostgreSQL, lets only a few booking transactions per capacity row (batch + room type) run at once on this node;
/// the others wait here, without a connection or a transaction. Every booking of a batch ends on the same row lock,
/// and with 32 at once about 15 backends queued on it: PostgreSQL spent twice the CPU per booking and the slowest
/// waited 200 ms (bench/booking). It guards nothing: the conditional update in <see cref="BedLedger"/> still decides,
/// so several nodes (each with its own gate) stay correct. SQLite has one writer at a time anyway (SqliteWriteGate).
/// <c>Sanatoriums:BookingWritersPerBatch</c> sets how many (default 4, the best of 1, 2, 4 and 8 there; 0 switches the gate off).
/// </summary>
public sealed class BookingWriteGate(DatabaseSettings database, IConfiguration config)
{
    private readonly ConcurrentDictionary<(long Batch, string RoomType), Row> _rows = new();
    private readonly int _perRow = database.Kind == DatabaseKind.Postgres ? config.GetValue("Sanatoriums:BookingWritersPerBatch", 4) : 0;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A row's line lives as long as the gate; only WaitAsync is used, so it never allocates a wait handle to dispose.")]
    internal sealed class Row(int size)
    {
        public readonly SemaphoreSlim Line = new(size, size);
        public int Inside;
        public int MostInside;
    }

    /// <summary>Waits for a turn on the row; dispose the turn when the transaction has committed or rolled back.</summary>
    public async ValueTask<Turn> EnterAsync(long batchId, string roomType, CancellationToken ct)
    {
        if (_perRow <= 0) return default;
        var row = _rows.GetOrAdd((batchId, roomType), _ => new Row(_perRow));
        await row.Line.WaitAsync(ct).ConfigureAwait(false);
        var inside = Interlocked.Increment(ref row.Inside);
        for (var most = row.MostInside; inside > most; most = row.MostInside)
            if (Interlocked.CompareExchange(ref row.MostInside, inside, most) == most) break;
        return new Turn(row);
    }

    /// <summary>The most booking transactions that were inside at once on the row since start (tests, bench/booking).</summary>
    public int MostInside(long batchId, string roomType) => _rows.TryGetValue((batchId, roomType), out var row) ? row.MostInside : 0;

    /// <summary>A turn on a row (nothing when the gate is off).</summary>
    public readonly struct Turn : IDisposable
    {
        private readonly Row? _row;

        internal Turn(Row row) => _row = row;

        public void Dispose()
        {
            if (_row is null) return;
            Interlocked.Decrement(ref _row.Inside);
            _row.Line.Release();
        }
    }
}
