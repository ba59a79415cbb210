using System;
using System.Collections.Generic;
using System.Globalization;

namespace MailTls.Diagnostics;

/// <summary>
/// The transcript of one operation (queries, answers, decisions), written by the core from any
/// thread and read by the caller once the operation is done, so lines stay with their input.
/// </summary>
public sealed class OperationLog
{
    private readonly List<string> _lines = new();
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;

    /// <summary>A log that records nothing, for callers that do not want a transcript.</summary>
    public static OperationLog None { get; } = new(enabled: false);

    public OperationLog()
        : this(enabled: true)
    {
    }

    private OperationLog(bool enabled) => IsEnabled = enabled;

    public bool IsEnabled { get; }

    public void Write(string line)
    {
        if (!IsEnabled)
        {
            return;
        }

        var elapsed = (DateTimeOffset.UtcNow - _start).TotalMilliseconds;
        var stamped = string.Format(CultureInfo.InvariantCulture, "[{0,6:0.0} ms] {1}", elapsed, line);
        lock (_lines)
        {
            _lines.Add(stamped);
        }
    }

    /// <summary>Adds another operation's lines (a sub-step that ran with its own log) as they are.</summary>
    public void Append(OperationLog other)
    {
        if (!IsEnabled)
        {
            return;
        }

        var lines = other.Lines;
        lock (_lines)
        {
            _lines.AddRange(lines);
        }
    }

    /// <summary>A copy of the lines written so far, in the order they were written.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }
}
