using System.Collections.Generic;
using System.Management.Automation;

namespace MailTls.Commands.Infrastructure;

/// <summary>
/// What one input produced (objects, errors, warnings, verbose lines), gathered on a worker and
/// written, in order, by the pipeline thread: PowerShell forbids writing from any other thread.
/// </summary>
internal sealed class ItemOutput
{
    private readonly List<KeyValuePair<Kind, object>> _entries = new();

    public enum Kind
    {
        Verbose,
        Warning,
        Object,
        Error,
    }

    public IReadOnlyList<KeyValuePair<Kind, object>> Entries => _entries;

    public static ItemOutput FromError(ErrorRecord error)
    {
        var output = new ItemOutput();
        output.Error(error);
        return output;
    }

    public static ItemOutput FromObject(object value)
    {
        var output = new ItemOutput();
        output.Object(value);
        return output;
    }

    public void Verbose(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            _entries.Add(new(Kind.Verbose, line));
        }
    }

    public void Append(ItemOutput other) => _entries.AddRange(other._entries);

    public void Warning(string message) => _entries.Add(new(Kind.Warning, message));

    public void Object(object value) => _entries.Add(new(Kind.Object, value));

    public void Error(ErrorRecord error) => _entries.Add(new(Kind.Error, error));
}
