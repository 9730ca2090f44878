using System.Collections.Concurrent;
using Pkcs11Phone.Interop;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Device;

/// <summary>
/// Answers the security manager's commands on one link, several at a time. Lines are taken in the order
/// they arrive; what the manager answers at once is written at once, and each token command runs on its
/// own thread (after the commands of the same client that came before it), its answer written whole when it is ready (answers never interleave, so each arrives as a
/// contiguous block, in any order; the tags say which is which). Events are written between answers, and
/// while commands are in hand the phone says it is busy every <see cref="P11Events.BusyInterval"/>.
/// </summary>
internal sealed class LinkAnswerer : IAsyncDisposable
{
    /// <summary>Most commands in hand at once; one more is answered CKR_DEVICE_MEMORY at once.</summary>
    public const int MaxInFlight = 32;

    private readonly SecurityManager _manager;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly CancellationTokenSource _stop;
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly Task _housekeeping;
    private int _inFlight;

    public LinkAnswerer(SecurityManager manager, Stream stream, CancellationToken ct)
    {
        _manager = manager;
        _stream = stream;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _housekeeping = Task.Run(HousekeepingAsync);
    }

    /// <summary>Takes one line: answers it now, or starts its work. Throws only when the link cannot be written.</summary>
    public async Task SubmitAsync(AtLine line)
    {
        var work = _manager.Take(line);
        if (work.Reply is { } reply)
        {
            await WriteAsync(reply).ConfigureAwait(false);
            return;
        }
        if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            await WriteAsync(AtReplies.Tagged(work.Tag, CKR.DEVICE_MEMORY)).ConfigureAwait(false);
            return;
        }
        async Task RunAsync()
        {
            try
            {
                var answer = work.Run!();
                await WriteAsync(answer).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The link is gone; the reader sees it too and ends the session.
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
        Task task;
        lock (_order)
        {
            // One client's commands run in the order they came, each after the one before has been answered.
            var previous = work.Client is { } c && _tails.TryGetValue(c, out var tail) ? tail : null;
            task = previous is null ? Task.Run(RunAsync) : previous.ContinueWith(_ => RunAsync(), TaskScheduler.Default).Unwrap();
            if (work.Client is { } client) _tails[client] = task;
        }
        _running[task] = 0;
        _ = task.ContinueWith(t =>
        {
            _running.TryRemove(t, out _);
            lock (_order)
                if (work.Client is { } client && _tails.TryGetValue(client, out var tail) && tail == t) _tails.Remove(client);
        }, TaskScheduler.Default);
    }

    private readonly Lock _order = new();

    /// <summary>The last work of each client with work in hand.</summary>
    private readonly Dictionary<string, Task> _tails = [];

    /// <summary>Writes the pending events, then these lines, as one block.</summary>
    private async Task WriteAsync(IReadOnlyList<AtResponseLine> lines)
    {
        await _write.WaitAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            var block = new List<AtResponseLine>();
            while (_manager.Events.TryRead(out var e)) block.Add(e);
            block.AddRange(lines);
            if (block.Count == 0) return;
            await _stream.WriteAsync(AtWire.Response(block), _stop.Token).ConfigureAwait(false);
            await _stream.FlushAsync(_stop.Token).ConfigureAwait(false);
        }
        finally
        {
            _write.Release();
        }
    }

    private async Task HousekeepingAsync()
    {
        long lastBusy = Environment.TickCount64;
        Task? tick = null;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var events = _manager.Events.WaitToReadAsync(_stop.Token).AsTask();
                await Task.WhenAny(events, Task.Delay(P11Events.BusyInterval / 2, _stop.Token)).ConfigureAwait(false);
                _stop.Token.ThrowIfCancellationRequested();
                if (events.IsCompletedSuccessfully && events.Result) await WriteAsync([]).ConfigureAwait(false);
                long now = Environment.TickCount64;
                if (Volatile.Read(ref _inFlight) > 0 && now - lastBusy >= (long)P11Events.BusyInterval.TotalMilliseconds)
                {
                    await WriteAsync([P11Events.BusyLine]).ConfigureAwait(false);
                    lastBusy = now;
                }
                else if (Volatile.Read(ref _inFlight) == 0) lastBusy = now - (long)P11Events.BusyInterval.TotalMilliseconds / 2;
                // The idle logout may wait for the token lock: never in this loop, which must keep saying "busy".
                if (_manager.LogoutAfter is not null && (tick is null || tick.IsCompleted)) tick = Task.Run(_manager.Tick);
            }
        }
        catch (Exception)
        {
            // Stopped, or the link is gone.
        }
    }

    /// <summary>How long the end of a link waits for commands still in hand to be answered (a half-closed stream still reads them).</summary>
    public static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);

    public async ValueTask DisposeAsync()
    {
        var running = _running.Keys.ToArray();
        if (running.Length > 0) await Task.WhenAny(Task.WhenAll(running), Task.Delay(Drain)).ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        try { await _housekeeping.ConfigureAwait(false); } catch (Exception) { }
        // Work still in hand (a prompt on the phone) finishes on its own; its answer has nowhere to go.
        _stop.Dispose();
    }
}
