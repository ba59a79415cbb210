using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace MailTls.Commands.Infrastructure;

/// <summary>
/// A cmdlet that reads files named by -Path (wildcards) or -LiteralPath (Get-ChildItem output binds
/// by PSPath or FullName), or content given as -InputObject, which each cmdlet declares with its own type.
/// </summary>
public abstract class FileCmdlet : MailTlsCmdlet
{
    private protected const string PathSet = "Path";
    private protected const string LiteralPathSet = "LiteralPath";
    private protected const string InputObjectSet = "InputObject";

    /// <summary>Files to read; wildcards allowed, folders matched by a wildcard skipped.</summary>
    [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Files to read, taken as written.</summary>
    [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    private int _inputsSeen;

    /// <summary>What the cmdlet reads, for the NoInput error: "TLS reports", "messages".</summary>
    private protected abstract string InputDescription { get; }

    /// <summary>The files this record names, one PathNotFound error for each path that names none; Ctrl+C stops between files.</summary>
    private protected IEnumerable<string> Files()
    {
        var paths = ParameterSetName == PathSet ? Path : LiteralPath;
        foreach (var file in FileInputs.Resolve(this, paths, literal: ParameterSetName == LiteralPathSet, PathError))
        {
            if (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }

            _inputsSeen++;
            yield return file;
        }
    }

    /// <summary>Counts one -InputObject item as input seen; returns its number (1 for the first).</summary>
    private protected int CountInput() => ++_inputsSeen;

    protected override void EndProcessing()
    {
        // Nothing to read (an empty folder, a wildcard that matched nothing) must not pass for a clean run.
        if (_inputsSeen == 0)
        {
            WriteError(ErrorRecords.NoInput(InputDescription));
        }
    }

    private void PathError(ErrorRecord error)
    {
        _inputsSeen++;
        WriteError(error);
    }
}
