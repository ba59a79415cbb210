using System;
using System.Threading;
using System.Threading.Tasks;

namespace MailTls.Bulk;

/// <summary>Waiting for shared work with a token of one's own (Task.WaitAsync is missing from netstandard2.0).</summary>
internal static class TaskWaiting
{
    /// <summary>
    /// Waits for <paramref name="task"/> unless <paramref name="cancellationToken"/> fires first; the task
    /// goes on for its other waiters. Throws OperationCanceledException for this waiter's token only.
    /// </summary>
    public static async Task<T> WaitAsync<T>(this Task<T> task, CancellationToken cancellationToken)
    {
        if (task.IsCompleted || !cancellationToken.CanBeCanceled)
        {
            return await task.ConfigureAwait(false);
        }

        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
        {
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }

        return await task.ConfigureAwait(false);
    }
}
