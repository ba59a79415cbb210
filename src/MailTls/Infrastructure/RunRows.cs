using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace MailTls.Commands.Infrastructure;

/// <summary>
/// The rows of one roll-up run as they arrive: a row that is not one is an InvalidReportRow error (the rest
/// go on), and a domain listed again is a warning, the first row counting.
/// </summary>
internal sealed class RunRows
{
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<DomainTlsState> _states = new();
    private readonly string _run;

    /// <param name="run">What the rows are, for messages: "the reference run", "the input".</param>
    public RunRows(string run) => _run = run;

    public IReadOnlyList<DomainTlsState> States => _states;

    /// <param name="where">Where the row came from when that helps find it (a file and row number), or empty.</param>
    public void Add(object? row, string where, Action<ErrorRecord> writeError, Action<string> writeWarning)
    {
        if (!ReportRows.TryRead(row, out var state, out var error))
        {
            var message = where.Length > 0 ? $"{where}: {error}" : $"In {_run}: {error}";
            writeError(ErrorRecords.InvalidReportRow(row ?? where, message));
            return;
        }

        if (!_seen.Add(state!.Domain))
        {
            writeWarning($"{state.Domain} is listed more than once in {_run}{(where.Length > 0 ? $" ({where})" : string.Empty)}; its first row counts.");
            return;
        }

        _states.Add(state);
    }
}
