using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace MailTls.Commands.Infrastructure;

/// <summary>
/// Base of every MailTls cmdlet: owns the token that Ctrl+C (StopProcessing) cancels, and knows
/// whether anyone will read verbose output, so transcripts are only gathered when wanted.
/// </summary>
public abstract class MailTlsCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    /// <summary>True when -Verbose or $VerbosePreference would show verbose lines.</summary>
    protected bool VerboseWanted { get; private set; }

    protected override void BeginProcessing()
    {
        VerboseWanted = IsVerboseWanted();
    }

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// Runs core work from the pipeline thread and waits for it. Task.Run keeps the work off any
    /// host synchronization context; GetResult rethrows without AggregateException; Ctrl+C ends
    /// the pipeline as PowerShell expects.
    /// </summary>
    private protected T RunSync<T>(Func<CancellationToken, Task<T>> work)
    {
        try
        {
            return Task.Run(() => work(StopToken), StopToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    private bool IsVerboseWanted()
    {
        if (MyInvocation.BoundParameters.TryGetValue("Verbose", out var bound) && bound is SwitchParameter verbose)
        {
            return verbose.IsPresent;
        }

        return GetVariableValue("VerbosePreference") is ActionPreference preference
            && preference != ActionPreference.SilentlyContinue
            && preference != ActionPreference.Ignore;
    }
}
