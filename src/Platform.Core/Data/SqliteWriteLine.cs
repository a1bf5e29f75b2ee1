namespace Platform.Core.Data;

/// <summary>
/// The write line of one SQLite file (<see cref="SqliteWriteGate"/>): one holder at a time, waiters in arrival order.
/// Unlike <see cref="SemaphoreSlim"/>, whose waiter resumes through the thread pool's queue, a release hands the line
/// to the next waiter on the releasing thread: the next writer's BEGIN runs at once instead of after whatever the
/// queue holds (0.15 ms of idle line per handover, some 15 % of the line's time with 32 bookings at once on 2 cores,
/// bench/booking). At most <see cref="MostInline"/> handovers nest on one thread (the next writer's whole write turn
/// runs inside the release); a deeper one goes through the thread pool, as does a release that asks for it.
/// </summary>
public sealed class SqliteWriteLine
{
    /// <summary>How many writers' turns may nest on one releasing thread.</summary>
    public const int MostInline = 4;

    private static readonly Task<bool> Yes = Task.FromResult(true);
    [ThreadStatic] private static int t_inline;
    private readonly Lock _sync = new();
    private readonly LinkedList<Waiter> _waiters = [];
    private bool _held;
    private static long s_direct, s_pooled;

    /// <summary>Handovers since start, over every file: on the releasing thread, and through the thread pool (nested too deep).</summary>
    public static (long Direct, long Pooled) Handovers => (Interlocked.Read(ref s_direct), Interlocked.Read(ref s_pooled));

    /// <summary>Continuations run where it is completed (no RunContinuationsAsynchronously): that is the handover.</summary>
    private sealed class Waiter() : TaskCompletionSource<bool>(TaskCreationOptions.None);

    /// <summary>1 when free, 0 when held (as <see cref="SemaphoreSlim.CurrentCount"/>).</summary>
    public int CurrentCount
    {
        get
        {
            lock (_sync) return _held ? 0 : 1;
        }
    }

    /// <summary>Takes the line, waiting up to <paramref name="timeout"/>; false when it did not come in time.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        LinkedListNode<Waiter> node;
        lock (_sync)
        {
            if (!_held)
            {
                _held = true;
                return Yes;
            }
            ct.ThrowIfCancellationRequested();
            node = _waiters.AddLast(new Waiter());
        }
        return WaitLongerAsync(node, timeout, ct);
    }

    /// <summary>Takes the line if it is free.</summary>
    public bool TryTake()
    {
        lock (_sync)
        {
            if (_held) return false;
            _held = true;
            return true;
        }
    }

    /// <summary>Takes the line, blocking this thread up to <paramref name="timeout"/>.</summary>
    public bool Wait(TimeSpan timeout) => WaitAsync(timeout).GetAwaiter().GetResult();

    private async Task<bool> WaitLongerAsync(LinkedListNode<Waiter> node, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        using (limit.Token.UnsafeRegister(static state =>
        {
            var (line, waiting) = ((SqliteWriteLine, LinkedListNode<Waiter>))state!;
            line.GiveUp(waiting);
        }, (this, node)))
        {
            if (await node.Value.Task.ConfigureAwait(false)) return true;
        }
        ct.ThrowIfCancellationRequested();
        return false;
    }

    /// <summary>A waiter's time ran out (or it was cancelled): it leaves the queue unless it was handed the line already.</summary>
    private void GiveUp(LinkedListNode<Waiter> node)
    {
        lock (_sync)
        {
            if (node.List is null) return; // handed the line meanwhile: it holds it
            _waiters.Remove(node);
        }
        node.Value.TrySetResult(false);
    }

    /// <summary>
    /// Gives the line back: to the next waiter if there is one, else free. <paramref name="direct"/>: the waiter resumes
    /// on this thread, inside this call (only where nothing of the releasing writer still holds SQLite's lock);
    /// otherwise through the thread pool.
    /// </summary>
    public void Release(bool direct = true)
    {
        Waiter next;
        lock (_sync)
        {
            if (!_held) throw new SemaphoreFullException();
            if (_waiters.First is not { } first)
            {
                _held = false;
                return;
            }
            _waiters.RemoveFirst();
            next = first.Value;
        }
        if (!direct || t_inline >= MostInline)
        {
            Interlocked.Increment(ref s_pooled);
            ThreadPool.UnsafeQueueUserWorkItem(static w => w.TrySetResult(true), next, preferLocal: false);
            return;
        }
        Interlocked.Increment(ref s_direct);
        t_inline++;
        try
        {
            next.TrySetResult(true);
        }
        finally
        {
            t_inline--;
        }
    }
}
