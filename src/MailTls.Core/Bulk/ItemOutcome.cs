using System;
using System.Threading;
using System.Threading.Tasks;

namespace MailTls.Bulk;

/// <summary>
/// How one item of a run ended: with its output, or with an exception that belongs to that item
/// alone. Only the run's own stop (Ctrl+C) ends the run; any other cancellation — a time budget, a
/// timeout inside a library — and any fault of MailTls's own is the item's error, and the run goes on.
/// </summary>
public sealed class ItemOutcome<T>
    where T : class
{
    internal ItemOutcome(T? output, Exception? error)
    {
        Output = output;
        Error = error;
    }

    public T? Output { get; }

    public Exception? Error { get; }
}

/// <summary>Runs one item of a run (see <see cref="ItemOutcome{T}"/>).</summary>
public static class ItemOutcome
{
    /// <exception cref="OperationCanceledException"><paramref name="stop"/> fired: the run is being stopped.</exception>
    public static async Task<ItemOutcome<T>> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken token, CancellationToken stop)
        where T : class
    {
        if (work is null)
        {
            throw new ArgumentNullException(nameof(work));
        }

        try
        {
            return new ItemOutcome<T>(await work(token).ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new ItemOutcome<T>(null, ex);
        }
    }
}
