using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using System.Collections.Generic;
using MailTls.Bulk;
using MailTls.Diagnostics;
using MailTls.Dns;

namespace MailTls.Commands.Infrastructure;

/// <summary>
/// A cmdlet that works on many inputs at once: up to -ThrottleLimit items run concurrently,
/// and their output is written by the pipeline thread in input order, as soon as it is ready.
/// </summary>
public abstract class BulkCmdlet : MailTlsCmdlet
{
    private const int ProgressId = 1;
    private const int WindowPerSlot = 8;
    private static readonly TimeSpan ProgressDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    private readonly Stopwatch _clock = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private WorkThrottle<ItemOutput>? _work;
    private int _scheduled;
    private int _completed;
    private TimeSpan _lastProgress;
    private bool _progressShown;

    /// <summary>How many inputs are worked on at once.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = 32;

    /// <summary>The Write-Progress activity, e.g. "Resolving mail exchangers".</summary>
    protected abstract string ProgressActivity { get; }

    /// <summary>What the input is, for the error when there is none: "domain names", "host names".</summary>
    protected virtual string InputDescription => "domain names";

    /// <summary>Write results in input order (the default), or as each item finishes.</summary>
    private protected virtual bool KeepInputOrder => true;

    /// <summary>How many items the run will have, when known up front (a file, an array argument): progress then shows a total and the time left.</summary>
    private protected int? ExpectedTotal { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _work = new WorkThrottle<ItemOutput>(ThrottleLimit, StopToken, KeepInputOrder);
        _clock.Start();
    }

    protected override void EndProcessing()
    {
        while (Work.Count > 0)
        {
            WriteItem(TakeNext());
        }

        if (_scheduled == 0)
        {
            // An empty list (a mistyped variable, an empty file) must not pass for a clean run.
            WriteError(ErrorRecords.NoInput(InputDescription));
        }

        if (_progressShown)
        {
            WriteProgress(new ProgressRecord(ProgressId, ProgressActivity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    /// <summary>Queues one input's work; writes whatever earlier items have finished meanwhile.</summary>
    /// <param name="target">What the input was, for the error record if the work fails unexpectedly.</param>
    private protected void Schedule(object target, Func<CancellationToken, Task<ItemOutput>> work)
    {
        // A bounded window keeps memory flat on huge inputs and output flowing in order. It is wide
        // enough that one slow item at its head (a DNS answer lost and asked again, a dead MX waiting out
        // its connect timeout) does not stop new items from starting while the others finish behind it.
        while (Work.Count >= ThrottleLimit * WindowPerSlot)
        {
            WriteItem(TakeNext());
        }

        _scheduled++;
        var stop = StopToken;
        Work.Add(async token =>
        {
            var outcome = await ItemOutcome.RunAsync(work, token, stop).ConfigureAwait(false);
            return outcome.Output ?? ItemOutput.FromError(ErrorRecords.ItemFailed(outcome.Error!, target));
        });

        while (Work.TryTakeCompleted(out var done))
        {
            WriteItem(done);
        }
    }

    /// <summary>
    /// Queues one work item per domain name. Invalid names become InvalidDomainName errors in their
    /// place; valid ones run <paramref name="work"/> with the A-label name, the input as typed (the
    /// TargetObject of any error) and a log whose lines are written as verbose output first.
    /// </summary>
    private protected void ScheduleDomains(IReadOnlyList<string?>? inputs, Func<string, string, OperationLog, CancellationToken, Task<ItemOutput>> work)
    {
        if (inputs is null || inputs.Count == 0)
        {
            Schedule(ItemOutput.FromError(ErrorRecords.NoInput(InputDescription)));
            return;
        }

        foreach (var input in inputs)
        {
            if (!DomainName.TryNormalize(input, out var domain, out var reason))
            {
                Schedule(ItemOutput.FromError(ErrorRecords.InvalidDomainName(input ?? string.Empty, reason)));
                continue;
            }

            var target = input!.Trim();
            if (!FirstTimeInRun(domain, target))
            {
                continue;
            }

            Schedule(target, token => WithLogAsync(log => work(domain, target, log, token)));
        }
    }

    /// <summary>
    /// Queues one work item per host, by name or IP address (brackets allowed). Invalid names become
    /// InvalidComputerName errors in their place; valid ones run <paramref name="work"/> with the host as
    /// given and a log whose lines are written as verbose output first.
    /// </summary>
    private protected void ScheduleHosts(IReadOnlyList<string?>? inputs, Func<string, OperationLog, CancellationToken, Task<ItemOutput>> work)
    {
        if (inputs is null || inputs.Count == 0)
        {
            Schedule(ItemOutput.FromError(ErrorRecords.NoInput(InputDescription)));
            return;
        }

        foreach (var input in inputs)
        {
            var host = input?.Trim().Trim('[', ']') ?? string.Empty;
            string normalized;
            if (AddressText.TryParse(host, out var address))
            {
                normalized = address.ToString();
            }
            else if (!DomainName.TryNormalize(host, out normalized, out var reason))
            {
                Schedule(ItemOutput.FromError(ErrorRecords.InvalidComputerName(input ?? string.Empty, reason)));
                continue;
            }

            if (!FirstTimeInRun(normalized, host))
            {
                continue;
            }

            Schedule(host, token => WithLogAsync(log => work(host, log, token)));
        }
    }

    /// <summary>Queues an output that is already known (e.g. an invalid input), keeping input order.</summary>
    private protected void Schedule(ItemOutput ready)
    {
        _scheduled++;
        Work.Add(_ => Task.FromResult(ready));
    }

    /// <summary>
    /// True the first time a name (normalized: case, trailing dot, IDN) comes up in this run; a repeat
    /// is worked on and reported once, and said so with -Verbose.
    /// </summary>
    private protected bool FirstTimeInRun(string normalized, string asTyped)
    {
        if (_seen.Add(normalized))
        {
            return true;
        }

        // A repeat counts as done at once, so progress against a known total still reaches it.
        _scheduled++;
        _completed++;
        if (VerboseWanted)
        {
            WriteVerbose($"{asTyped} was already given in this run ({normalized}); it is checked and reported once.");
        }

        return false;
    }

    // The item's log goes first, as verbose lines, then what the item produced.
    private async Task<ItemOutput> WithLogAsync(Func<OperationLog, Task<ItemOutput>> work)
    {
        var log = VerboseWanted ? new OperationLog() : OperationLog.None;
        var result = await work(log).ConfigureAwait(false);
        var output = new ItemOutput();
        output.Verbose(log.Lines);
        output.Append(result);
        return output;
    }

    private WorkThrottle<ItemOutput> Work =>
        _work ?? throw new InvalidOperationException("BeginProcessing has not run.");

    private ItemOutput TakeNext()
    {
        try
        {
            return Work.TakeNext();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private void WriteItem(ItemOutput output)
    {
        foreach (var entry in output.Entries)
        {
            switch (entry.Key)
            {
                case ItemOutput.Kind.Verbose:
                    WriteVerbose((string)entry.Value);
                    break;
                case ItemOutput.Kind.Warning:
                    WriteWarning((string)entry.Value);
                    break;
                case ItemOutput.Kind.Object:
                    WriteObject(entry.Value);
                    break;
                case ItemOutput.Kind.Error:
                    WriteError((ErrorRecord)entry.Value);
                    break;
            }
        }

        _completed++;
        ReportProgress();
    }

    // Short runs show no progress bar at all; long ones update a few times a second.
    private void ReportProgress()
    {
        var now = _clock.Elapsed;
        if (now < ProgressDelay || now - _lastProgress < ProgressInterval)
        {
            return;
        }

        _lastProgress = now;
        _progressShown = true;
        var rate = _completed / now.TotalSeconds;
        var record = new ProgressRecord(ProgressId, ProgressActivity, "x");
        if (ExpectedTotal is { } total && total > 0)
        {
            var left = rate > 0 ? (int)Math.Ceiling(Math.Max(total - _completed, 0) / rate) : -1;
            record.StatusDescription = string.Format(CultureInfo.CurrentCulture, "{0} of {1} done, {2:0.#} a second", _completed, total, rate);
            record.PercentComplete = Math.Min(100, _completed * 100 / total);
            record.SecondsRemaining = left;
        }
        else
        {
            record.StatusDescription = string.Format(CultureInfo.CurrentCulture, "{0} done, {1} in progress, {2:0.#} a second", _completed, Work.Count, rate);
        }

        WriteProgress(record);
    }
}
